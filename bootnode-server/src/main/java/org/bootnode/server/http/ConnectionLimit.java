package org.bootnode.server.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;
import org.bootnode.server.metrics.ServerMetrics;

/**
 * Bounds the connections open at once: one more than the limit is closed as soon as it is
 * accepted. Shared by every child channel of one server.
 */
@ChannelHandler.Sharable
public final class ConnectionLimit extends ChannelInboundHandlerAdapter {
    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final ServerMetrics metrics;

    /** A limit of {@code max} connections. */
    public ConnectionLimit(int max, ServerMetrics metrics) {
        this.max = max;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            metrics.httpRejected.increment();
            // Not counted as open: channelInactive must not decrement for it.
            ctx.pipeline().remove(this);
            ctx.close();
            return;
        }
        metrics.httpConnections.increment();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        open.decrementAndGet();
        metrics.httpConnections.decrement();
        super.channelInactive(ctx);
    }

    /** Connections open now. */
    public int open() {
        return open.get();
    }
}
