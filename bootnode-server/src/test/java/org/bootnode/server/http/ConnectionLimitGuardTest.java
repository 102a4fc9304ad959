package org.bootnode.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link ConnectionLimitTest}'s cases against the boot listener's first handler, which applies
 * the limit together with the idle timer ({@link RequestDeadline#guard}), and what it passes on.
 */
class ConnectionLimitGuardTest extends ConnectionLimitTest {
    @Override
    ChannelHandler handler(ConnectionLimit limit) {
        return new RequestDeadline(Duration.ofSeconds(10), metrics).guard(TimeUnit.HOURS.toMillis(1), limit);
    }

    /** Counts the channelActive events that reach it. */
    private static final class Actives extends ChannelInboundHandlerAdapter {
        int count;

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            count++;
            super.channelActive(ctx);
        }
    }

    @Test
    void aConnectionOverTheBoundIsNotPassedOnAsActive() {
        ConnectionLimit limit = new ConnectionLimit(10, 1, metrics);
        Actives first = new Actives();
        Actives second = new Actives();
        EmbeddedChannel a = accept(limit, "10.0.0.5", first);
        EmbeddedChannel b = accept(limit, "10.0.0.5", second);
        assertEquals(1, first.count);
        assertTrue(a.isOpen());
        // Its request deadline (after the codec) is never armed: nothing after the guard hears of it.
        assertEquals(0, second.count);
        assertFalse(b.isOpen());
        assertEquals(1, limit.open(), "the refused one is not counted, and its close counts nothing out");
        assertEquals(1, metrics.httpConnections.get());
        a.close();
        assertEquals(0, limit.open());
        assertEquals(0, limit.addresses());
    }
}
