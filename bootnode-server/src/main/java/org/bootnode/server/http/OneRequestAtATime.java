package org.bootnode.server.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Reads the next request of a connection only once the answer to the previous one has been
 * written: a client that pipelines thousands of requests without reading holds one at a time,
 * not a queue of them. Sits after the aggregator, on the connection's event loop.
 */
public final class OneRequestAtATime extends ChannelDuplexHandler {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof FullHttpRequest) {
            ctx.channel().config().setAutoRead(false);
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof LastHttpContent) {
            promise = promise.unvoid();
            promise.addListener(f -> {
                if (f.isSuccess() && ctx.channel().isActive()) {
                    ctx.channel().config().setAutoRead(true);
                }
            });
        }
        super.write(ctx, msg, promise);
    }
}
