package org.bootnode.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.BootUrls;
import org.bootnode.server.HttpRoute;
import org.bootnode.server.config.ImageSpec;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.inventory.BootStage;
import org.bootnode.server.inventory.Inventory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers made from memory alone: the scripts ({@code /boot.ipxe}, {@code /nodes/{mac}/boot.ipxe})
 * and the boot reports ({@code /nodes/{mac}/booted}), from the inventory, the renderer, the
 * leases and the timeline, none of which waits. So they are written on the event loop
 * ({@link CachedAnswers}), with no hop to the file threads and back; {@link BootHttpHandler}
 * writes them the same way when a request must wait behind one of its own answers. Also the
 * plain-text answers both write (404, 403, 400). Shared by every connection: no state.
 */
final class TextAnswers {
    private static final Logger log = LoggerFactory.getLogger(TextAnswers.class);
    private static final String TEXT = "text/plain; charset=utf-8";

    private final HttpContext context;

    TextAnswers(HttpContext context) {
        this.context = context;
    }

    /** Whether {@code route} is answered here. */
    static boolean answers(HttpRoute route) {
        return route instanceof HttpRoute.NodeScript || route instanceof HttpRoute.Booted
                || route instanceof HttpRoute.GenericScript;
    }

    /** Whether {@code method} may ask for {@code route}: GET or HEAD, and POST for a boot report. */
    static boolean allowed(HttpMethod method, HttpRoute route) {
        return method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)
                || (method.equals(HttpMethod.POST) && route instanceof HttpRoute.Booted);
    }

    /** Answers a request for a route that {@link #answers} names, with a method {@link #allowed}. */
    void answer(ChannelHandlerContext ctx, FullHttpRequest request, HttpRoute route, Inventory inventory, InetAddress client) {
        BootUrls urls = context.urls().get();
        if (route instanceof HttpRoute.NodeScript s) {
            nodeScript(ctx, request, inventory, urls, s.mac());
        } else if (route instanceof HttpRoute.Booted b) {
            booted(ctx, request, inventory, client, b.mac());
        } else {
            respond(ctx, request, HttpResponseStatus.OK, context.renderer().genericScript(urls), true);
        }
    }

    private void nodeScript(ChannelHandlerContext ctx, FullHttpRequest request, Inventory inventory, BootUrls urls,
            MacAddress mac) {
        Optional<NodeSpec> node = inventory.node(mac);
        if (node.isEmpty()) {
            if (context.servesUnknown()) {
                respond(ctx, request, HttpResponseStatus.OK, context.renderer().unknownNodeScript(mac, urls), true);
            } else {
                notFound(ctx, request);
            }
            return;
        }
        ImageSpec image = inventory.imageOf(node.get());
        boolean overlay = context.overlays() != null && inventory.config().overlays()
                .map(o -> !o.layers(node.get()).isEmpty()).orElse(false);
        String script = context.renderer().nodeScript(node.get(), image, inventory.failsafeFor(node.get()), urls, overlay);
        respond(ctx, request, HttpResponseStatus.OK, script, true);
        if (request.method().equals(HttpMethod.GET)) {
            context.timeline().record(mac, BootStage.SCRIPT, script.length(), "image " + image.name());
        }
    }

    private void booted(ChannelHandlerContext ctx, FullHttpRequest request, Inventory inventory, InetAddress client,
            MacAddress mac) {
        Optional<NodeSpec> node = inventory.node(mac);
        if (node.isEmpty()) {
            notFound(ctx, request);
            return;
        }
        if (!fromItsOwnAddress(node.get(), client)) {
            // Anyone on the network could otherwise mark any node booted: refused, counted,
            // logged, and kept out of the node's timeline.
            context.metrics().bootedRefused.increment();
            log.info("http {}: booted for {} {} refused: not from its address {}", client.getHostAddress(), node.get().name(),
                    mac, node.get().ip() != null ? node.get().ip().getHostAddress() : "(its lease)");
            respond(ctx, request, HttpResponseStatus.FORBIDDEN, "forbidden: not from the node's own address\n", true);
            return;
        }
        if (!request.method().equals(HttpMethod.HEAD)) {
            context.timeline().record(mac, BootStage.BOOTED, 0, "from " + client.getHostAddress());
            context.metrics().boots.increment();
        }
        respond(ctx, request, HttpResponseStatus.OK, "ok\n", true);
    }

    /**
     * Whether a boot report comes from the node itself: from its reserved address, or, for a
     * node without one, from the address its lease is bound to.
     */
    private boolean fromItsOwnAddress(NodeSpec node, InetAddress client) {
        if (node.ip() != null) {
            return node.ip().equals(client);
        }
        return context.macs().macAt(client).filter(node.mac()::equals).isPresent();
    }

    void notFound(ChannelHandlerContext ctx, FullHttpRequest request) {
        respond(ctx, request, HttpResponseStatus.NOT_FOUND, "not found\n", true);
    }

    /** A plain-text answer; without {@code keepAliveAllowed} the connection closes after it. */
    void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String body,
            boolean keepAliveAllowed) {
        FullHttpResponse r = response(request, status, body);
        if (!keepAliveAllowed) {
            HttpUtil.setKeepAlive(r, false);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        send(ctx, request, r);
    }

    /** A plain-text answer, counted in the metrics, not sent yet. */
    FullHttpResponse response(FullHttpRequest request, HttpResponseStatus status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        boolean head = request.method().equals(HttpMethod.HEAD);
        ByteBuf content = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes);
        FullHttpResponse r = new DefaultFullHttpResponse(request.protocolVersion(), status, content);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, TEXT).set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        if (status.code() >= 400) {
            context.metrics().httpErrors.increment();
        }
        if (!head) {
            context.metrics().httpBytes.add(bytes.length);
        }
        return r;
    }

    /** Sends {@code response}, keeping the connection open when the request asked for it. */
    static void send(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        ctx.writeAndFlush(response).addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
    }
}
