package org.bootnode.server.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.bootnode.server.HttpRoute;

/**
 * On the event loop, before the file threads: answers {@code GET} or {@code HEAD
 * /nodes/{mac}/overlay} from the overlay cache when the node's archive is there and still good
 * ({@link OverlayResponder#respondCached}, memory only). Every other request, and an overlay that
 * must be built, checked or refused, goes on to {@link BootHttpHandler} unchanged.
 */
@ChannelHandler.Sharable
final class CachedOverlays extends ChannelInboundHandlerAdapter {
    private final HttpContext context;

    CachedOverlays(HttpContext context) {
        this.context = context;
    }

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
        ctx.fireChannelRead(msg);
    }
}
