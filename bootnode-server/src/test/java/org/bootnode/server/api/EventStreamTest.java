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

    private static String text(Object o) {
        HttpContent c = (HttpContent) o;
        try {
            return c.content().toString(StandardCharsets.UTF_8);
        } finally {
            c.release();
        }
    }
}
