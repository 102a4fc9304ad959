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
import java.nio.file.Path;
import java.util.Optional;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.BootUrls;
import org.bootnode.server.config.ImageSpec;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.inventory.BootStage;
import org.bootnode.server.inventory.Inventory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The glue between a decoded request and the answer: route, decide, respond. Runs on a
 * separate executor group (see {@link BootHttpServer}) because opening and reading the
 * attributes of a file is disk work; the bytes themselves go out on the event loop by sendfile.
 */
final class BootHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(BootHttpHandler.class);
    private static final String TEXT = "text/plain; charset=utf-8";

    private final HttpContext context;

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
        HttpRoute route = HttpRoute.of(request.uri());
        boolean post = method.equals(HttpMethod.POST);
        boolean read = method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD);
        if (!read && !(post && route instanceof HttpRoute.Booted)) {
            FullHttpResponse r = response(request, HttpResponseStatus.METHOD_NOT_ALLOWED, TEXT, "method not allowed\n");
            r.headers().set(HttpHeaderNames.ALLOW, route instanceof HttpRoute.Booted ? "GET, HEAD, POST" : "GET, HEAD");
            send(ctx, request, r);
            return;
        }
        Inventory inventory = context.inventory().get();
        BootUrls urls = context.urls().get();
        InetAddress client = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        if (route instanceof HttpRoute.GenericScript) {
            respond(ctx, request, HttpResponseStatus.OK, TEXT, context.renderer().genericScript(urls), true);
        } else if (route instanceof HttpRoute.NodeScript s) {
            nodeScript(ctx, request, inventory, urls, s.mac());
        } else if (route instanceof HttpRoute.ImageFile f) {
            imageFile(ctx, request, inventory, client, f);
        } else if (route instanceof HttpRoute.TftpFile t) {
            tftpFile(ctx, request, inventory, client, t.raw());
        } else if (route instanceof HttpRoute.Nodes) {
            respond(ctx, request, HttpResponseStatus.OK, "application/json",
                    NodesJson.write(inventory, context.timeline()) + "\n", true);
        } else if (route instanceof HttpRoute.Booted b) {
            booted(ctx, request, inventory, client, b.mac());
        } else if (route instanceof HttpRoute.Metrics) {
            respond(ctx, request, HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8",
                    context.metrics().prometheusText(), true);
        } else {
            notFound(ctx, request);
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
        String script = context.renderer().nodeScript(node.get(), image, inventory.failsafeFor(node.get()), urls);
        respond(ctx, request, HttpResponseStatus.OK, TEXT, script, true);
        if (request.method().equals(HttpMethod.GET)) {
            context.timeline().record(mac, BootStage.SCRIPT, script.length(), "image " + image.name());
        }
    }

    private void imageFile(ChannelHandlerContext ctx, FullHttpRequest request, Inventory inventory, InetAddress client,
            HttpRoute.ImageFile route) throws IOException {
        Optional<ImageSpec> image = inventory.image(route.image());
        if (image.isEmpty()) {
            notFound(ctx, request);
            return;
        }
        Path file = route.kernel() ? image.get().kernel() : image.get().initrd();
        Optional<NodeSpec> node = inventory.nodeAt(client);
        BootStage stage = route.kernel() ? BootStage.KERNEL : BootStage.INITRD;
        sendFile(ctx, request, file, bytes -> node.ifPresent(n ->
                context.timeline().record(n.mac(), stage, bytes, route.image() + " " + file.getFileName())));
    }

    private void tftpFile(ChannelHandlerContext ctx, FullHttpRequest request, Inventory inventory, InetAddress client,
            String raw) throws IOException {
        if (context.tftpRoot() == null) {
            notFound(ctx, request);
            return;
        }
        TftpRootPath.Result result = TftpRootPath.resolve(context.tftpRoot(), raw);
        if (result instanceof TftpRootPath.Found found) {
            Optional<NodeSpec> node = inventory.nodeAt(client);
            sendFile(ctx, request, found.file(), bytes -> node.ifPresent(n ->
                    context.timeline().record(n.mac(), BootStage.HTTP_FILE, bytes, found.file().getFileName().toString())));
        } else if (result instanceof TftpRootPath.Refused refused) {
            log.debug("http {} /tftp/{}: refused, {}", client.getHostAddress(), raw, refused.reason());
            HttpResponseStatus status = HttpResponseStatus.valueOf(refused.status());
            respond(ctx, request, status, TEXT, status.reasonPhrase().toLowerCase(java.util.Locale.ROOT) + "\n", true);
        }
    }

    private void sendFile(ChannelHandlerContext ctx, FullHttpRequest request, Path file,
            java.util.function.LongConsumer done) throws IOException {
        if (!request.method().equals(HttpMethod.GET)) {
            done = bytes -> { };
        }
        try {
            FileResponder.send(ctx, request, file, context.metrics(), done);
        } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException e) {
            // Removed or replaced between the reload and this request.
            notFound(ctx, request);
        }
    }

    private void booted(ChannelHandlerContext ctx, FullHttpRequest request, Inventory inventory, InetAddress client,
            MacAddress mac) {
        if (inventory.node(mac).isEmpty()) {
            notFound(ctx, request);
            return;
        }
        if (!request.method().equals(HttpMethod.HEAD)) {
            context.timeline().record(mac, BootStage.BOOTED, 0, "from " + client.getHostAddress());
            context.metrics().boots.increment();
        }
        respond(ctx, request, HttpResponseStatus.OK, TEXT, "ok\n", true);
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
        log.debug("http {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

}
