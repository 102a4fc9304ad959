package org.bootnode.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.time.Duration;
import org.bootnode.server.metrics.ServerMetrics;
import org.junit.jupiter.api.Test;

/**
 * {@link OneRequestAtATimeTest}'s cases against the boot listener's request deadline handler,
 * which reads one request at a time itself ({@link RequestDeadline#messagesOneAtATime}), and
 * what it counts beyond a single answer owed.
 */
class OneRequestAtATimeInDeadlineTest extends OneRequestAtATimeTest {
    private final ServerMetrics metrics = new ServerMetrics();

    @Override
    ChannelHandler oneAtATime() {
        return new RequestDeadline(Duration.ofHours(1), metrics).messagesOneAtATime(new RequestCheck(metrics));
    }

    @Test
    void twoRequestsReadTogetherResumeReadingOnlyOnceBothAreAnswered() {
        Answerer later = new Answerer(false);
        EmbeddedChannel ch = new EmbeddedChannel(new Reads(), oneAtATime(), later);
        // Pipelined: both requests came in one read, before either was answered.
        ch.writeInbound(get(), get());
        assertFalse(ch.config().isAutoRead());
        later.owed.get(0).writeAndFlush(ok());
        assertFalse(ch.config().isAutoRead(), "the second request's answer is still owed");
        later.owed.get(1).writeAndFlush(ok());
        assertTrue(ch.config().isAutoRead());
        ch.finishAndReleaseAll();
    }

    @Test
    void anAnswerWrittenBeforeTheRequestsEndDoesNotStopReading() {
        // The aggregator's 413 for a body over the limit goes out while the body is still read,
        // or a request passed on whole at its head: the answer before the request's end.
        Reads reads = new Reads();
        EmbeddedChannel ch = new EmbeddedChannel(reads, oneAtATime(), new Answerer(false));
        ch.writeAndFlush(ok());
        ch.writeInbound(get());
        assertTrue(ch.config().isAutoRead());
        assertEquals(1, ch.outboundMessages().size());
        ch.finishAndReleaseAll();
    }

    @Test
    void aFailedAnswerDoesNotResumeReading() {
        Answerer later = new Answerer(false);
        EmbeddedChannel ch = new EmbeddedChannel(new Reads(), oneAtATime(), later);
        ch.writeInbound(get());
        assertFalse(ch.config().isAutoRead());
        // A write the channel refuses (not an HTTP object the test's pipeline takes): the promise fails.
        ch.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ReferenceCountUtil.release(msg);
                promise.setFailure(new IOException("reset"));
            }
        });
        later.owed.get(0).writeAndFlush(ok());
        assertFalse(ch.config().isAutoRead());
        ch.finishAndReleaseAll();
    }
}
