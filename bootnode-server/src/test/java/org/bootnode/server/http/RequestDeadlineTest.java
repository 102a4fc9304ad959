package org.bootnode.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.bootnode.server.metrics.ServerMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link RequestDeadline} on an embedded channel, time driven by the test: when it runs and when not. */
class RequestDeadlineTest {
    final ServerMetrics metrics = new ServerMetrics();
    EmbeddedChannel channel;

    /**
     * The deadline's handlers from the channel's start to the codec's end, as the boot listener has
     * them: the first part with the connection limit and the idle timer (idle far beyond the test's
     * time), the second with the check and one request at a time.
     */
    ChannelHandler[] deadlineAndCheck(RequestDeadline deadline, RequestCheck check) {
        return new ChannelHandler[] {deadline.guard(TimeUnit.HOURS.toMillis(1), new ConnectionLimit(10, 10, metrics)),
            new HttpServerCodec(), deadline.messagesOneAtATime(check)};
    }

    @BeforeEach
    void open() {
        RequestDeadline deadline = new RequestDeadline(Duration.ofSeconds(10), metrics);
        // Handlers given to the constructor see the channel become active, as an accepted one does.
        channel = new EmbeddedChannel(deadlineAndCheck(deadline, new RequestCheck(metrics)));
        channel.pipeline().addLast(new HttpObjectAggregator(1024), new SimpleChannelInboundHandler<FullHttpRequest>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
                        ctx.writeAndFlush(r);
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        // As BootHttpHandler: the aggregator's "closed while aggregating" after a cut is expected.
                        if (!(cause instanceof PrematureChannelClosureException)) {
                            ctx.fireExceptionCaught(cause);
                        }
                    }
                });
        channel.freezeTime();
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    void send(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    void advance(int seconds) {
        channel.advanceTimeBy(seconds, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
    }

    String answers() {
        StringBuilder all = new StringBuilder();
        for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
            all.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return all.toString();
    }

    @Test
    void aNewConnectionOwesItsRequestFromTheAccept() {
        advance(9);
        assertTrue(channel.isActive());
        advance(2);
        assertTrue(answers().startsWith("HTTP/1.1 408 Request Timeout\r\n"));
        assertFalse(channel.isActive());
        assertEquals(1, metrics.httpErrors.get());
    }

    @Test
    void aHeadSentByteByByteIsCutAtTheDeadline() {
        send("GET / HTTP/1.1\r\n");
        for (int i = 0; i < 9; i++) {
            advance(1);
            send("X: y\r\n");
        }
        assertTrue(channel.isActive());
        advance(2);
        assertTrue(answers().startsWith("HTTP/1.1 408 "));
        assertFalse(channel.isActive());
        channel.runPendingTasks();
        // At the close the decoder hands on the half head as a failed request: not a second answer.
        assertEquals(1, metrics.httpErrors.get());
        assertEquals(0, metrics.httpRequests.get());
    }

    @Test
    void aSlowBodyIsCutToo() {
        send("POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n");
        advance(5);
        send("0123456789");
        advance(6);
        assertTrue(answers().startsWith("HTTP/1.1 408 "));
        assertFalse(channel.isActive());
    }

    @Test
    void aKeptAliveConnectionWaitsForItsNextRequestWithoutADeadline() {
        send("GET / HTTP/1.1\r\n\r\n");
        assertTrue(answers().startsWith("HTTP/1.1 200 "));
        advance(60);
        assertTrue(channel.isActive(), "the pause between requests is the idle timeout's");
        // The next request's deadline runs from its first byte.
        send("GET / HTTP/1.1\r\n");
        advance(9);
        send("\r\n");
        assertTrue(answers().startsWith("HTTP/1.1 200 "));
        advance(60);
        assertTrue(channel.isActive());
        send("GET /");
        advance(11);
        assertTrue(answers().startsWith("HTTP/1.1 408 "));
        assertFalse(channel.isActive());
    }

    @Test
    void anAnswerBeforeTheBodyEndsStillLeavesTheNextRequestADeadline() {
        // The aggregator answers 413 as soon as it reads the length, keeps the connection and drops the body.
        send("POST / HTTP/1.1\r\nContent-Length: 2000\r\n\r\n");
        assertTrue(answers().startsWith("HTTP/1.1 413 "));
        send("a".repeat(2000));
        assertTrue(channel.isActive());
        send("GET /");
        advance(11);
        assertTrue(answers().startsWith("HTTP/1.1 408 "));
        assertFalse(channel.isActive());
    }

    @Test
    void aContinueIsNotTheAnswer() {
        send("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
        assertTrue(answers().startsWith("HTTP/1.1 100 "));
        send("abcd");
        assertTrue(answers().startsWith("HTTP/1.1 200 "));
        advance(60);
        assertTrue(channel.isActive(), "waiting for the next request, not reading one");
    }

    /** On the admin listener the 408 is the API's error document, as every refusal there. */
    @Test
    void theAdminListenersDeadlineAnswersJson() {
        channel.finishAndReleaseAll();
        RequestDeadline deadline = new RequestDeadline(Duration.ofSeconds(10), metrics, Refusals.JSON);
        channel = new EmbeddedChannel(deadlineAndCheck(deadline, new RequestCheck(metrics, Refusals.JSON)));
        channel.pipeline().addLast(new HttpObjectAggregator(1024));
        channel.freezeTime();
        send("GET /api/nodes HTTP/1.1\r\nHost: t\r\n");
        advance(11);
        String answer = answers();
        assertTrue(answer.startsWith("HTTP/1.1 408 Request Timeout\r\n") && answer.contains("content-type: application/json")
                && answer.endsWith("\r\n\r\n{\"error\":\"request timeout\",\"field\":null}\n"), answer);
    }
}
