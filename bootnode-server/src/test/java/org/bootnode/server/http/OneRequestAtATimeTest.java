package org.bootnode.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bootnode.server.metrics.ServerMetrics;
import org.junit.jupiter.api.Test;

/**
 * One request at a time, as both listeners read it: the request deadline's handler after the
 * codec ({@link RequestDeadline#messagesOneAtATime}).
 */
class OneRequestAtATimeTest {
    private final ServerMetrics metrics = new ServerMetrics();

    ChannelHandler oneAtATime() {
        return new RequestDeadline(Duration.ofHours(1), metrics).messagesOneAtATime(new RequestCheck(metrics));
    }

    /** Counts the reads asked of the channel: each stop and restart of reading is one more with epoll. */
    static final class Reads extends ChannelOutboundHandlerAdapter {
        int count;

        @Override
        public void read(ChannelHandlerContext ctx) {
            count++;
            ctx.read();
        }
    }

    /** Answers each request at once, or keeps it for the test to answer later. */
    static final class Answerer extends ChannelInboundHandlerAdapter {
        final boolean inline;
        final List<ChannelHandlerContext> owed = new ArrayList<>();

        Answerer(boolean inline) {
            this.inline = inline;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            if (inline) {
                ctx.writeAndFlush(ok());
            } else {
                owed.add(ctx);
            }
        }
    }

    static DefaultFullHttpResponse ok() {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER);
    }

    static FullHttpRequest get() {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/boot.ipxe");
    }

    @Test
    void aRequestAnsweredInlineNeverStopsReading() {
        Reads reads = new Reads();
        EmbeddedChannel ch = new EmbeddedChannel(reads, oneAtATime(), new Answerer(true));
        int before = reads.count;
        for (int i = 0; i < 3; i++) {
            ch.writeInbound(get());
            assertTrue(ch.config().isAutoRead());
        }
        // No stop, so no restart: only the read the pipeline asks after each batch of reads
        // (channelReadComplete with auto-read on), none from a restart.
        assertEquals(before + 3, reads.count);
        assertEquals(3, ch.outboundMessages().size());
        ch.finishAndReleaseAll();
    }

    @Test
    void aRequestAnsweredLaterStopsReadingUntilItsAnswerIsWritten() {
        Reads reads = new Reads();
        Answerer later = new Answerer(false);
        EmbeddedChannel ch = new EmbeddedChannel(reads, oneAtATime(), later);
        ch.writeInbound(get());
        assertFalse(ch.config().isAutoRead());
        int before = reads.count;
        // 100 Continue is not the answer.
        ch.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
        assertFalse(ch.config().isAutoRead());
        later.owed.get(0).writeAndFlush(ok());
        assertTrue(ch.config().isAutoRead());
        assertEquals(before + 1, reads.count);
        ch.finishAndReleaseAll();
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
