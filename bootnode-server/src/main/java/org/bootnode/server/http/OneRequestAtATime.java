package org.bootnode.server.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Reads the next request of a connection only once the answer to the previous one has been
 * written: a client that pipelines thousands of requests without reading holds one at a time,
 * not a queue of them. Sits after the aggregator, on the connection's event loop: the admin
 * listener's; the boot listener does the same in its request deadline's handler
 * ({@link RequestDeadline#messagesOneAtATime}), one handler less for each connection.
 *
 * <p>Reading stops only when a request's answer is still owed once the request has gone through
 * the pipeline: one answered there and then (a cached overlay, a refusal) whose bytes the socket
 * took at once never stops it. With the native transport each stop and restart is an
 * {@code epoll_ctl(2)}: two more system calls per connection in a boot storm of small answers.
 */
public final class OneRequestAtATime extends ChannelDuplexHandler {
    /** A request has been read and its answer is not written yet. */
    private boolean owed;
    /** Reading was stopped for the answer owed. */
    private boolean stopped;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof FullHttpRequest)) {
            super.channelRead(ctx, msg);
            return;
        }
        owed = true;
        super.channelRead(ctx, msg);
        if (owed && !stopped && ctx.channel().isActive()) {
            stopped = true;
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        // 100 Continue is not the answer.
        boolean interim = msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        if (msg instanceof LastHttpContent && !interim) {
            promise = promise.unvoid();
            promise.addListener(f -> {
                if (!f.isSuccess()) {
                    return;
                }
                owed = false;
                if (stopped && ctx.channel().isActive()) {
                    stopped = false;
                    ctx.channel().config().setAutoRead(true);
                }
            });
        }
        super.write(ctx, msg, promise);
    }
}
