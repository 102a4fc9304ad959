package org.bootnode.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.bootnode.server.metrics.ServerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deadline for each whole request, head and body (nginx's {@code client_header_timeout}, which
 * is a deadline too): a client that sends one byte now and then makes progress in the eyes of
 * the idle timer, so only a deadline bounds how long it holds its connection. One per connection,
 * in two places: {@link #bytes()} before the HTTP codec sees that a request has begun,
 * {@link #messages()} after it sees that the request has been read and the answer written. The
 * boot listener joins the first with the idle timer and the connection limit ({@link #guard});
 * both listeners join the second with the {@link RequestCheck} and one request at a time
 * ({@link #messagesOneAtATime}): fewer handlers per connection.
 *
 * <pre>
 *  accept ──▶ READING ──request read──▶ ANSWERING ──answer written──▶ WAITING ──first byte──▶ READING
 *               │  └─────request read, its answer written already (413)─────────▶ WAITING
 *               │ deadline (armed while READING)
 *               ▼
 *          408, close
 * </pre>
 *
 * WAITING, the pause of a kept-alive connection between requests, is the idle timeout's.
 * All of it runs on the connection's event loop.
 */
final class RequestDeadline {
    private static final Logger log = LoggerFactory.getLogger("org.bootnode.server.http");

    private enum State { READING, ANSWERING, WAITING }

    private final long timeoutNanos;
    private final ServerMetrics metrics;
    private final Refusals refusals;
    private State state = State.READING;
    private boolean answeredEarly;
    private ScheduledFuture<?> timer;

    RequestDeadline(Duration timeout, ServerMetrics metrics) {
        this(timeout, metrics, Refusals.TEXT);
    }

    RequestDeadline(Duration timeout, ServerMetrics metrics, Refusals refusals) {
        this.refusals = refusals;
        this.timeoutNanos = timeout.toNanos();
        this.metrics = metrics;
    }

    /** The part before the codec: the first bytes of the next request start its deadline. */
    ChannelHandler bytes() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                requestBegins(ctx, msg);
                super.channelRead(ctx, msg);
            }
        };
    }

    /**
     * {@link #bytes()}, the connection's idle timer and the {@link ConnectionLimit} in one handler,
     * the boot listener's first, for a pipeline where nothing stands between them and the codec
     * (no TLS). {@code idleMillis} without a read or a write's progress fires
     * {@link io.netty.handler.timeout.IdleStateEvent#ALL_IDLE_STATE_EVENT}, as Netty's
     * {@link IdleStateHandler} with {@code observeOutput} does. A connection over either bound is
     * closed at its accept, as the limit's own handler closes it, and is not passed on as active
     * (so its request deadline is never armed); one within them is counted out at its close, the
     * key it was counted under kept in a field where the limit's own handler keeps it in the
     * channel's attributes. Two handlers and an attribute less to set up and to pass for each
     * connection of a boot storm.
     */
    ChannelHandler guard(long idleMillis, ConnectionLimit limit) {
        // observeOutput: a slow download that still makes progress is not idle.
        return new IdleStateHandler(true, 0, 0, idleMillis, TimeUnit.MILLISECONDS) {
            private boolean counted;
            private InetAddress key;

            @Override
            public void channelActive(ChannelHandlerContext ctx) throws Exception {
                InetAddress from = ConnectionLimit.key(ctx.channel().remoteAddress());
                String refused = limit.countIn(from);
                if (refused != null) {
                    limit.reject(ctx, refused);
                    return;
                }
                counted = true;
                key = from;
                super.channelActive(ctx);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) throws Exception {
                if (counted) {
                    counted = false;
                    limit.countOut(key);
                }
                super.channelInactive(ctx);
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                requestBegins(ctx, msg);
                super.channelRead(ctx, msg);
            }
        };
    }

    /** The part after the codec: the request's end stops the deadline, the answer's end starts the wait. */
    ChannelHandler messages() {
        return new Messages(null, false);
    }

    /**
     * {@link #messages()} and {@code check} in one handler (the check right after the deadline's
     * part, as when each is a handler of its own), which also reads a connection's next request
     * only once the answers to those before it are written: a client that pipelines thousands of
     * requests without reading holds one at a time, not a queue of them. Both listeners use it.
     * It counts the requests whose end it has passed on and the answers whose last part the
     * socket has taken, and stops reading when, a request's end having gone through the
     * pipeline, an answer is still owed; an answer written there and then (a cached overlay, a
     * refusal) never stops it, so no {@code epoll_ctl(2)} for it.
     */
    ChannelHandler messagesOneAtATime(RequestCheck check) {
        return new Messages(check, true);
    }

    private void requestBegins(ChannelHandlerContext ctx, Object msg) {
        if (state == State.WAITING && msg instanceof ByteBuf buf && buf.isReadable()) {
            state = State.READING;
            arm(ctx.pipeline().context(Messages.class));
        }
    }

    private final class Messages extends ChannelDuplexHandler {
        /** The request check that follows, in this handler; null when it is a handler of its own. */
        private final RequestCheck check;
        /** Whether reading stops while an answer is owed ({@link #messagesOneAtATime}). */
        private final boolean oneAtATime;
        /** Requests whose end has been read and passed on, and answers the socket has taken: only when oneAtATime. */
        private long ended;
        private long answered;
        /** Reading was stopped for an answer owed. */
        private boolean stopped;

        Messages(RequestCheck check, boolean oneAtATime) {
            this.check = check;
            this.oneAtATime = oneAtATime;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            // A new connection owes its first request from the accept on.
            arm(ctx);
            super.channelActive(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof LastHttpContent && state == State.READING) {
                disarm();
                state = answeredEarly ? State.WAITING : State.ANSWERING;
                answeredEarly = false;
            }
            boolean end = oneAtATime && msg instanceof LastHttpContent;
            if (end) {
                ended++;
            }
            if (check != null) {
                // It fires what it passes on from this handler's context: to the handler after this one.
                check.channelRead(ctx, msg);
            } else {
                super.channelRead(ctx, msg);
            }
            if (end && answered < ended && !stopped && ctx.channel().isActive()) {
                stopped = true;
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            // 100 Continue is not the answer. An answer may also end before the request does
            // (the aggregator's 413 for a body over the limit, on a kept-alive connection).
            boolean interim = msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            if (msg instanceof LastHttpContent && !interim) {
                if (state == State.ANSWERING) {
                    state = State.WAITING;
                } else if (state == State.READING) {
                    answeredEarly = true;
                }
                if (oneAtATime) {
                    promise = promise.unvoid();
                    promise.addListener(f -> {
                        if (f.isSuccess()) {
                            answerTaken(ctx);
                        }
                    });
                }
            }
            super.write(ctx, msg, promise);
        }

        private void answerTaken(ChannelHandlerContext ctx) {
            answered++;
            if (stopped && answered >= ended && ctx.channel().isActive()) {
                stopped = false;
                ctx.channel().config().setAutoRead(true);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            disarm();
            super.channelInactive(ctx);
        }
    }

    private void arm(ChannelHandlerContext ctx) {
        disarm();
        if (ctx != null) {
            timer = ctx.executor().schedule(() -> expire(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void disarm() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expire(ChannelHandlerContext ctx) {
        timer = null;
        if (state != State.READING || !ctx.channel().isActive()) {
            return;
        }
        log.debug("http {}: request not complete within {} ms, closing", ctx.channel().remoteAddress(),
                TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        metrics.httpErrors.increment();
        // RFC 9110 §15.5.9: a server sending 408 should close; a client that does not read is
        // left to the idle timeout, which watches the write.
        FullHttpResponse r = refusals.response(HttpResponseStatus.REQUEST_TIMEOUT, "request timeout");
        state = State.ANSWERING;
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }
}
