package org.bootnode.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.io.FileNotFoundException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.HttpRoute;
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

    private final HttpContext context;
    private final TextAnswers answers;
    /**
     * Requests handed to this handler and not yet answered: read and written by
     * {@link CachedAnswers} on the event loop only, never here.
     */
    int owed;

    BootHttpHandler(HttpContext context, TextAnswers answers) {
        this.context = context;
        this.answers = answers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws IOException {
        context.metrics().httpRequests.increment();
        if (!request.decoderResult().isSuccess()) {
            answers.respond(ctx, request, HttpResponseStatus.BAD_REQUEST, "bad request\n", false);
            return;
        }
        HttpMethod method = request.method();
        Optional<HttpRoute> route = HttpRoute.parse(request.uri());
        boolean post = method.equals(HttpMethod.POST);
        boolean read = method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD);
        boolean booted = route.isPresent() && route.get() instanceof HttpRoute.Booted;
        if (!read && !(post && booted)) {
            FullHttpResponse r = answers.response(request, HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed\n");
            r.headers().set(HttpHeaderNames.ALLOW, booted ? "GET, HEAD, POST" : "GET, HEAD");
            TextAnswers.send(ctx, request, r);
            return;
        }
        Inventory inventory = context.inventory().get();
        InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
        if (route.isEmpty()) {
            answers.notFound(ctx, request);
        } else if (TextAnswers.answers(route.get())) {
            answers.answer(ctx, request, route.get(), inventory, client.getAddress());
        } else if (ImageFileRequest.names(route.get())) {
            imageFile(ctx, request, ImageFileRequest.resolve(route.get(), inventory, context.macs(), client.getAddress()),
                    inventory);
        } else if (route.get() instanceof HttpRoute.TftpFile t) {
            tftpFile(ctx, request, client, t.file());
        } else if (route.get() instanceof HttpRoute.NodeOverlay o) {
            OverlayResponder.respond(ctx, request, context, inventory, client.getAddress(), o.mac());
        }
    }

    /**
     * An image's kernel or initrd, opened here (or taken from the open files when still the same)
     * and cached for the event loop's next requests; the step goes to the node's timeline when known.
     */
    private void imageFile(ChannelHandlerContext ctx, FullHttpRequest request, Optional<ImageFileRequest> want,
            Inventory inventory) throws IOException {
        if (want.isEmpty()) {
            answers.notFound(ctx, request);
            return;
        }
        OpenFile file;
        try {
            file = context.openFiles().open(want.get().file(), inventory);
        } catch (NoSuchFileException | FileNotFoundException e) {
            // Removed or replaced between the reload and this request.
            answers.notFound(ctx, request);
            return;
        }
        FileResponder.send(ctx, request, file, context.metrics(), want.get().done(context, request.method()));
    }

    /** A file of the TFTP server's file source: the same names, the same guard, as over TFTP. */
    private void tftpFile(ChannelHandlerContext ctx, FullHttpRequest request, InetSocketAddress client, String name)
            throws IOException {
        if (context.tftpSource() == null) {
            answers.notFound(ctx, request);
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
            answers.respond(ctx, request, HttpResponseStatus.FORBIDDEN, "forbidden\n", true);
        } else {
            answers.notFound(ctx, request);
        }
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
