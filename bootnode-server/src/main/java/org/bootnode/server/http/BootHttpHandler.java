package org.bootnode.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.io.FileNotFoundException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.BootUrls;
import org.bootnode.server.HttpRoute;
import org.bootnode.server.config.ImageSpec;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.inventory.BootStage;
import org.bootnode.server.inventory.Inventory;
import org.bootnode.tftp.server.FileLookup;
import org.bootnode.server.log.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The glue between a decoded request and the answer: route, decide, respond. Runs on a
 * separate executor group (see {@link BootHttpServer}) because opening and reading the
 * attributes of a file is disk work; the bytes themselves go out on the event loop by sendfile.
 * A kernel or initrd already open ({@link OpenFileCache}) is answered on the event loop instead,
 * by {@link CachedAnswers}, and never reaches this handler.
 */
final class BootHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(BootHttpHandler.class);
    private static final String TEXT = "text/plain; charset=utf-8";

    private final HttpContext context;
    /**
     * Requests handed to this handler and not yet answered: read and written by
     * {@link CachedAnswers} on the event loop only, never here.
     */
    int owed;

    BootHttpHandler(HttpContext context) {
        this.context = context;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws IOException {
        context.metrics().httpRequests.increment();
        if (!request.decoderResult().isSuccess()) {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, TEXT, "bad request\n", false);
            return;
        }
        HttpMethod method = request.method();
        Optional<HttpRoute> route = HttpRoute.parse(request.uri());
        boolean post = method.equals(HttpMethod.POST);
        boolean read = method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD);
        boolean booted = route.isPresent() && route.get() instanceof HttpRoute.Booted;
        if (!read && !(post && booted)) {
            FullHttpResponse r = response(request, HttpResponseStatus.METHOD_NOT_ALLOWED, TEXT, "method not allowed\n");
            r.headers().set(HttpHeaderNames.ALLOW, booted ? "GET, HEAD, POST" : "GET, HEAD");
            send(ctx, request, r);
            return;
        }
        Inventory inventory = context.inventory().get();
        BootUrls urls = context.urls().get();
        InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
        if (route.isEmpty()) {
            notFound(ctx, request);
        } else if (route.get() instanceof HttpRoute.GenericScript) {
            respond(ctx, request, HttpResponseStatus.OK, TEXT, context.renderer().genericScript(urls), true);
        } else if (route.get() instanceof HttpRoute.NodeScript s) {
            nodeScript(ctx, request, inventory, urls, s.mac());
        } else if (ImageFileRequest.names(route.get())) {
            imageFile(ctx, request, ImageFileRequest.resolve(route.get(), inventory, context.macs(), client.getAddress()),
                    inventory);
        } else if (route.get() instanceof HttpRoute.TftpFile t) {
            tftpFile(ctx, request, client, t.file());
        } else if (route.get() instanceof HttpRoute.NodeOverlay o) {
            OverlayResponder.respond(ctx, request, context, inventory, client.getAddress(), o.mac());
        } else if (route.get() instanceof HttpRoute.Booted b) {
            booted(ctx, request, inventory, client.getAddress(), b.mac());
        }
    }

    private void nodeScript(ChannelHandlerContext ctx, FullHttpRequest request, Inventory inventory, BootUrls urls,
            MacAddress mac) {
        Optional<NodeSpec> node = inventory.node(mac);
        if (node.isEmpty()) {
            if (context.servesUnknown()) {
                respond(ctx, request, HttpResponseStatus.OK, TEXT, context.renderer().unknownNodeScript(mac, urls), true);
            } else {
                notFound(ctx, request);
            }
            return;
        }
        ImageSpec image = inventory.imageOf(node.get());
        boolean overlay = context.overlays() != null && inventory.config().overlays()
                .map(o -> !o.layers(node.get()).isEmpty()).orElse(false);
        String script = context.renderer().nodeScript(node.get(), image, inventory.failsafeFor(node.get()), urls, overlay);
        respond(ctx, request, HttpResponseStatus.OK, TEXT, script, true);
        if (request.method().equals(HttpMethod.GET)) {
            context.timeline().record(mac, BootStage.SCRIPT, script.length(), "image " + image.name());
        }
    }

    /**
     * An image's kernel or initrd, opened here (or taken from the open files when still the same)
     * and cached for the event loop's next requests; the step goes to the node's timeline when known.
     */
    private void imageFile(ChannelHandlerContext ctx, FullHttpRequest request, Optional<ImageFileRequest> want,
            Inventory inventory) throws IOException {
        if (want.isEmpty()) {
            notFound(ctx, request);
            return;
        }
        OpenFile file;
        try {
            file = context.openFiles().open(want.get().file(), inventory);
        } catch (NoSuchFileException | FileNotFoundException e) {
            // Removed or replaced between the reload and this request.
            notFound(ctx, request);
            return;
        }
        FileResponder.send(ctx, request, file, context.metrics(), want.get().done(context, request.method()));
    }

    /** A file of the TFTP server's file source: the same names, the same guard, as over TFTP. */
    private void tftpFile(ChannelHandlerContext ctx, FullHttpRequest request, InetSocketAddress client, String name)
            throws IOException {
        if (context.tftpSource() == null) {
            notFound(ctx, request);
            return;
        }
        FileLookup lookup = context.tftpSource().open(client, name);
        if (lookup instanceof FileLookup.Found found) {
            Optional<MacAddress> mac = context.macs().macAt(client.getAddress());
            LongConsumer done = request.method().equals(HttpMethod.GET)
                    ? bytes -> mac.ifPresent(m -> context.timeline().record(m, BootStage.HTTP_FILE, bytes, name))
                    : bytes -> { };
            TftpFileResponder.send(ctx, request, found.file(), context.metrics(), done);
        } else if (lookup instanceof FileLookup.Denied denied) {
            log.debug("http {} /tftp/: refused, {}", client.getAddress().getHostAddress(), LogText.escape(denied.reason()));
            respond(ctx, request, HttpResponseStatus.FORBIDDEN, TEXT, "forbidden\n", true);
        } else {
            notFound(ctx, request);
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
            respond(ctx, request, HttpResponseStatus.FORBIDDEN, TEXT, "forbidden: not from the node's own address\n", true);
            return;
        }
        if (!request.method().equals(HttpMethod.HEAD)) {
            context.timeline().record(mac, BootStage.BOOTED, 0, "from " + client.getHostAddress());
            context.metrics().boots.increment();
        }
        respond(ctx, request, HttpResponseStatus.OK, TEXT, "ok\n", true);
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

    private void notFound(ChannelHandlerContext ctx, FullHttpRequest request) {
        respond(ctx, request, HttpResponseStatus.NOT_FOUND, TEXT, "not found\n", true);
    }

    private void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String type,
            String body, boolean keepAliveAllowed) {
        FullHttpResponse r = response(request, status, type, body);
        if (!keepAliveAllowed) {
            HttpUtil.setKeepAlive(r, false);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        send(ctx, request, r);
    }

    private FullHttpResponse response(FullHttpRequest request, HttpResponseStatus status, String type, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        boolean head = request.method().equals(HttpMethod.HEAD);
        ByteBuf content = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes);
        FullHttpResponse r = new DefaultFullHttpResponse(request.protocolVersion(), status, content);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type).set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        if (status.code() >= 400) {
            context.metrics().httpErrors.increment();
        }
        if (!head) {
            context.metrics().httpBytes.add(bytes.length);
        }
        return r;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        ctx.writeAndFlush(response).addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            log.debug("http {}: idle, closing", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("http {}: {}", ctx.channel().remoteAddress(), LogText.escape(cause.toString()));
        ctx.close();
    }

}
