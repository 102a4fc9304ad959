package org.bootnode.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The stream's batching: what a boot storm costs each watcher. */
class EventStreamTest {

    @Test
    void framesWithinTheBatchTimeGoOutTogetherAsOneWrite() {
        EventStream events = new EventStream(new EventStream.Limits(64, 64, 4, Duration.ofSeconds(15), Duration.ofMillis(20)));
        EmbeddedChannel ch = new EmbeddedChannel();
        events.open(ch, HttpVersion.HTTP_1_1, -1, () -> { });
        HttpResponse head = ch.readOutbound();
        assertEquals(200, head.status().code());
        assertEquals("retry: 2000\n\n", text(ch.readOutbound()));

        for (int i = 0; i < 3; i++) {
            events.publish("boot", Map.of("n", i));
        }
        ch.runPendingTasks();
        assertNull(ch.readOutbound(), "nothing before the batch time");
        ch.advanceTimeBy(20, TimeUnit.MILLISECONDS);
        ch.runPendingTasks();
        String all = text(ch.readOutbound());
        assertEquals("id: 1\nevent: boot\ndata: {\"n\":0}\n\nid: 2\nevent: boot\ndata: {\"n\":1}\n\n"
                + "id: 3\nevent: boot\ndata: {\"n\":2}\n\n", all);
        assertNull(ch.readOutbound(), "the three frames in one write");

        events.publish("boot", Map.of("n", 3));
        ch.advanceTimeBy(20, TimeUnit.MILLISECONDS);
        ch.runPendingTasks();
        assertTrue(text(ch.readOutbound()).startsWith("id: 4\n"), "a later frame starts a new batch");
        ch.finishAndReleaseAll();
    }

    /** Counts how often it is written as JSON. */
    public static final class Counted {
        static final AtomicInteger WRITTEN = new AtomicInteger();
        private final int n;

        Counted(int n) {
            this.n = n;
        }

        public int getN() {
            WRITTEN.incrementAndGet();
            return n;
        }
    }

    @Test
    void anEventIsWrittenAsJsonOnlyWhenAWatcherTakesItAndThenOnce() {
        EventStream events = new EventStream(new EventStream.Limits(64, 64, 4, Duration.ofSeconds(15)));
        Counted.WRITTEN.set(0);
        for (int i = 0; i < 10; i++) {
            events.publish("boot", new Counted(i));
        }
        assertEquals(0, Counted.WRITTEN.get(), "nobody watches: no JSON written on the publishing loop");
        AtomicInteger made = new AtomicInteger();
        events.publish("boot", () -> {
            made.incrementAndGet();
            return Map.of("n", 10);
        });
        assertEquals(0, made.get(), "nor the document made");

        // Two watchers resume from the ring after event 8: events 9, 10 and 11, written once for both.
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        events.open(a, HttpVersion.HTTP_1_1, 8, () -> { });
        events.open(b, HttpVersion.HTTP_1_1, 8, () -> { });
        assertEquals(2, Counted.WRITTEN.get());
        assertEquals(1, made.get());
        for (EmbeddedChannel ch : new EmbeddedChannel[] {a, b}) {
            ch.runPendingTasks();
            ((HttpResponse) ch.readOutbound()).status();
            assertEquals("retry: 2000\n\n", text(ch.readOutbound()));
            StringBuilder frames = new StringBuilder();
            for (Object o; (o = ch.readOutbound()) != null; ) {
                frames.append(text(o));
            }
            assertEquals("id: 9\nevent: boot\ndata: {\"n\":8}\n\nid: 10\nevent: boot\ndata: {\"n\":9}\n\n"
                    + "id: 11\nevent: boot\ndata: {\"n\":10}\n\n", frames.toString());
            ch.finishAndReleaseAll();
        }
    }

    private static String text(Object o) {
        HttpContent c = (HttpContent) o;
        try {
            return c.content().toString(StandardCharsets.UTF_8);
        } finally {
            c.release();
        }
    }
}
