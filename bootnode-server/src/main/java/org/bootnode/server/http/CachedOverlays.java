package org.bootnode.server.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.EventExecutorGroup;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.bootnode.server.HttpRoute;
import org.bootnode.server.log.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the event loop, before the file threads: answers {@code GET} or {@code HEAD
 * /nodes/{mac}/overlay} from the overlay cache when the node's archive is there and still good
 * ({@link OverlayResponder#respondCached}, memory only). Every other request, and an overlay that
 * must be built, checked or refused, goes on to a {@link BootHttpHandler} on the file threads,
 * which this adds to the connection at its first such request: a connection served from the
 * cache alone never involves the file threads, not even to remove the handler when it closes.
 * Until then, this closes the connection when it is idle or fails, as that handler would.
 */
@ChannelHandler.Sharable
final class CachedOverlays extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(CachedOverlays.class);
    /** The name of the {@link BootHttpHandler} in the pipeline. */
    static final String BOOT = "boot";

    private final HttpContext context;
    private final EventExecutorGroup files;

    CachedOverlays(HttpContext context, EventExecutorGroup files) {
        this.context = context;
        this.files = files;
    }

    // addLast(group, ...) is deprecated in Netty 4.2, but it is the one way to run a handler off the
    // event loop with its requests kept in order per connection (HTTP pipelining).
    @SuppressWarnings("deprecation")
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request && request.decoderResult().isSuccess()
                && (request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD))
                && ctx.channel().remoteAddress() instanceof InetSocketAddress client) {
            Optional<HttpRoute> route = HttpRoute.parse(request.uri());
            if (route.isPresent() && route.get() instanceof HttpRoute.NodeOverlay o
                    && OverlayResponder.respondCached(ctx, request, context, client.getAddress(), o.mac())) {
                context.metrics().httpRequests.increment();
                request.release();
                return;
            }
        }
        if (ctx.pipeline().get(BOOT) == null) {
            ctx.pipeline().addLast(files, BOOT, new BootHttpHandler(context));
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && ctx.pipeline().get(BOOT) == null) {
            log.debug("http {}: idle, closing", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (ctx.pipeline().get(BOOT) == null) {
            log.debug("http {}: {}", ctx.channel().remoteAddress(), LogText.escape(cause.toString()));
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }
}
