package org.bootnode.server.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.EventExecutorGroup;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.bootnode.server.HttpRoute;
import org.bootnode.server.inventory.Inventory;
import org.bootnode.server.log.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the event loop, before the file threads, the answers that need no disk: the scripts and
 * boot reports ({@link TextAnswers}), {@code GET} or {@code HEAD} of a kernel or initrd that is
 * open already ({@link OpenFileCache#cached}), and of {@code /nodes/{mac}/overlay} from the
 * overlay cache when the node's archive is there and still good
 * ({@link OverlayResponder#respondCached}). Every other request (a file that must be opened or
 * checked, the TFTP root, an overlay that must be built, checked or refused, a bad request) goes
 * on to a {@link BootHttpHandler} on the file threads, which this adds to the connection at its
 * first such request: a node's boot (script, kernel, initrd, report) with its files open never
 * involves the file threads, not even to remove the handler when the connection closes. Until
 * then, this closes the connection when it is idle or fails, as that handler would.
 *
 * <p>Answers keep the requests' order (HTTP/1.1 pipelining, RFC 9112 §9.3.2): reading stops
 * while an answer is owed ({@link RequestDeadline#messagesOneAtATime}), but requests that arrived in one read
 * still come one after the other, so while the file threads owe an answer on this connection
 * every request goes to them too. The count of answers they owe is kept on their handler,
 * raised here when a request goes to them and lowered when their answer's last part passes here
 * on its way out: both on the event loop.
 */
@ChannelHandler.Sharable
final class CachedAnswers extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(CachedAnswers.class);
    /** The name of the {@link BootHttpHandler} in the pipeline. */
    static final String BOOT = "boot";

    private final HttpContext context;
    private final EventExecutorGroup files;
    private final TextAnswers answers;

    CachedAnswers(HttpContext context, EventExecutorGroup files) {
        this.context = context;
        this.files = files;
        this.answers = new TextAnswers(context);
    }

    // addLast(group, ...) is deprecated in Netty 4.2, but it is the one way to run a handler off the
    // event loop with its requests kept in order per connection (HTTP pipelining).
    @SuppressWarnings("deprecation")
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        BootHttpHandler boot = (BootHttpHandler) ctx.pipeline().get(BOOT);
        if ((boot == null || boot.owed == 0) && msg instanceof FullHttpRequest request && request.decoderResult().isSuccess()
                && ctx.channel().remoteAddress() instanceof InetSocketAddress client) {
            Optional<HttpRoute> route = HttpRoute.parse(request.uri());
            if (route.isPresent() && TextAnswers.answers(route.get()) && TextAnswers.allowed(request.method(), route.get())) {
                context.metrics().httpRequests.increment();
                try {
                    answers.answer(ctx, request, route.get(), context.inventory().get(), client.getAddress());
                } finally {
                    request.release();
                }
                return;
            }
            boolean read = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
            if (read && route.isPresent() && ImageFileRequest.names(route.get()) && imageFile(ctx, request, route.get(), client)) {
                context.metrics().httpRequests.increment();
                request.release();
                return;
            }
            if (read && route.isPresent() && route.get() instanceof HttpRoute.NodeOverlay o
                    && OverlayResponder.respondCached(ctx, request, context, client.getAddress(), o.mac())) {
                context.metrics().httpRequests.increment();
                request.release();
                return;
            }
        }
        if (boot == null) {
            boot = new BootHttpHandler(context, answers);
            ctx.pipeline().addLast(files, BOOT, boot);
        }
        if (msg instanceof FullHttpRequest) {
            boot.owed++;
        }
        ctx.fireChannelRead(msg);
    }

    /** Counts the file threads' answers out (this handler's own answers start after it and do not pass here). */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        // 100 Continue is not the answer.
        if (msg instanceof LastHttpContent
                && !(msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL)
                && ctx.pipeline().get(BOOT) instanceof BootHttpHandler boot && boot.owed > 0) {
            boot.owed--;
        }
        ctx.write(msg, promise);
    }

    /** Answers from the open files when the file asked for is there; false when the file threads must. */
    private boolean imageFile(ChannelHandlerContext ctx, FullHttpRequest request, HttpRoute route, InetSocketAddress client) {
        Inventory inventory = context.inventory().get();
        Optional<ImageFileRequest> want = ImageFileRequest.resolve(route, inventory, context.macs(), client.getAddress());
        if (want.isEmpty()) {
            return false;
        }
        Optional<OpenFile> file = context.openFiles().cached(want.get().file(), inventory);
        if (file.isEmpty()) {
            return false;
        }
        FileResponder.send(ctx, request, file.get(), context.metrics(), want.get().done(context, request.method()));
        return true;
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
