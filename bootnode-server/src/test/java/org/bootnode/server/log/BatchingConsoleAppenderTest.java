package org.bootnode.server.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bootnode.dhcp.MacAddress;
import org.junit.jupiter.api.Test;

class BatchingConsoleAppenderTest {
    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("test");
    private final Writes out = new Writes();

    /** Counts the writes it is given. */
    private static final class Writes extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int writes;

        @Override
        public synchronized void write(int b) {
            writes++;
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes++;
            bytes.write(b, off, len);
        }

        synchronized List<String> lines() {
            String text = bytes.toString(StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        }
    }

    private BatchingConsoleAppender appender(int queueSize, int lingerMillis) {
        context.setMDCAdapter(new LogbackMDCAdapter());
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        BatchingConsoleAppender a = new BatchingConsoleAppender();
        a.setContext(context);
        a.setEncoder(encoder);
        a.setQueueSize(queueSize);
        a.setLingerMillis(lingerMillis);
        a.setTarget(() -> out);
        a.start();
        return a;
    }

    private void log(BatchingConsoleAppender a, String message, Object arg) {
        a.doAppend(new LoggingEvent("test", logger, Level.INFO, message, null, new Object[] {arg}));
    }

    @Test
    void aBurstOfLinesGoesOutInFewWritesInOrderAndNoneIsLostAtStop() {
        // A linger far longer than the test: only stop() makes the writer write.
        BatchingConsoleAppender a = appender(8192, 600_000);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            log(a, "node-{} overlay", i);
            expected.add("node-" + i + " overlay");
        }
        a.stop();
        assertEquals(expected, out.lines());
        // About 16 KB: one write, or two if the writer took the first line before the rest came.
        assertTrue(out.writes <= 2, out.writes + " writes");
    }

    @Test
    void theMessageIsFormattedWhenLoggedNotWhenWritten() {
        BatchingConsoleAppender a = appender(16, 600_000);
        StringBuilder changing = new StringBuilder("before");
        log(a, "value {}", changing);
        changing.replace(0, changing.length(), "after");
        a.stop();
        assertEquals(List.of("value before"), out.lines());
    }

    @Test
    void aLineOfValuesKeepsTheThreadThatLoggedItThoughTheWriterFormatsIt() throws InterruptedException {
        BatchingConsoleAppender a = appender(16, 600_000);
        LoggingEvent event = new LoggingEvent("test", logger, Level.INFO, "{} {} {} ({} bytes)",
                null, new Object[] {"node-001", MacAddress.parse("fc:ab:00:00:00:01"), "overlay", 23764L});
        Thread loop = new Thread(() -> a.doAppend(event), "bootnode-http-1");
        loop.start();
        loop.join();
        a.stop();
        assertEquals(List.of("node-001 fc:ab:00:00:00:01 overlay (23764 bytes)"), out.lines());
        assertEquals("bootnode-http-1", event.getThreadName());
    }

    @Test
    void onlyArgumentsWhoseTextCannotChangeWaitForTheWriter() {
        assertTrue(BatchingConsoleAppender.unchanging(null));
        assertTrue(BatchingConsoleAppender.unchanging(new Object[] {"a", 1L, 2, true, Level.INFO.levelStr, null,
            MacAddress.parse("fc:ab:00:00:00:01"), TimeUnit.SECONDS}));
        assertFalse(BatchingConsoleAppender.unchanging(new Object[] {"a", new StringBuilder("b")}));
        assertFalse(BatchingConsoleAppender.unchanging(new Object[] {new ArrayList<>(List.of("a"))}));
    }

    @Test
    void aFullQueueDropsLinesAndTheNextWriteSaysHowMany() {
        BatchingConsoleAppender a = appender(4, 600_000);
        for (int i = 0; i < 10; i++) {
            log(a, "line {}", i);
        }
        a.stop();
        List<String> lines = out.lines();
        Matcher m = Pattern.compile("(\\d+) log lines dropped: the log's queue was full").matcher(lines.get(0));
        assertTrue(m.matches(), lines.get(0));
        int kept = lines.size() - 1;
        // The queue holds 4; the writer may have taken one more off it before the rest came.
        assertTrue(kept == 4 || kept == 5, lines.toString());
        assertEquals(10, kept + Integer.parseInt(m.group(1)));
        assertEquals("line 0", lines.get(1));
    }

    @Test
    void linesAreWrittenWithoutAStopWithinTheLinger() throws InterruptedException {
        BatchingConsoleAppender a = appender(16, 1);
        log(a, "line {}", 1);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (out.lines().isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(List.of("line 1"), out.lines());
        a.stop();
    }
}
