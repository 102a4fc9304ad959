package org.bootnode.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.config.OverlaySection;
import org.bootnode.server.inventory.BootStage;
import org.bootnode.server.inventory.Inventory;
import org.bootnode.server.log.LogText;
import org.bootnode.server.overlay.Overlay;
import org.bootnode.server.overlay.OverlayBuilder;
import org.bootnode.server.overlay.OverlayService;
import org.bootnode.server.overlay.OverlayService.Answer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /nodes/{mac}/overlay}: hands the request to the {@link OverlayService}'s builders and
 * writes the answer when it is ready. 200 with an {@code ETag} (304 when {@code If-None-Match}
 * names it), 404 for an unknown node or one without overlays, 403 when secret files are asked
 * for from another address than the node's own, 503 when the builders' queue is full. An overlay
 * that cannot be built is answered 200 with a {@linkplain OverlayBuilder#failure failure archive}
 * (the reason alone, which the image's init prints and stops on): for a failed download iPXE
 * shows only an error code, so a 500 would leave the reason on the server alone. Each answer but 404 goes to
 * the node's timeline as {@code overlay}.
 */
final class OverlayResponder {
    private static final Logger log = LoggerFactory.getLogger(OverlayResponder.class);
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final AsciiString CPIO = AsciiString.cached("application/x-cpio");
    /**
     * The headers of an archive's answer, which this class alone writes (a content type, a length,
     * an ETag of hex digits): not checked again for characters a header may not hold, as Netty
     * checks every name and value it is handed by default, at every answer of a boot storm.
     */
    private static final HttpHeadersFactory OWN_HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final HttpHeadersFactory NO_TRAILERS = DefaultHttpHeadersFactory.trailersFactory().withValidation(false);

    private OverlayResponder() {}

    static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpContext context, Inventory inventory,
            InetAddress client, MacAddress mac) {
        Optional<NodeSpec> node = inventory.node(mac);
        HttpVersion version = request.protocolVersion();
        boolean head = request.method().equals(HttpMethod.HEAD);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String ifNoneMatch = request.headers().get(HttpHeaderNames.IF_NONE_MATCH);
        Reply reply = new Reply(ctx, context, version, head, keepAlive);
        if (context.overlays() == null || node.isEmpty()) {
            reply.text(HttpResponseStatus.NOT_FOUND, "not found\n");
            return;
        }
        String who = client.getHostAddress();
        context.overlays().request(inventory.config(), node.get(), client).whenComplete((answer, failure) -> {
            if (failure != null) {
                log.warn("overlay of {} for {}: {}", node.get().name(), who, LogText.escape(failure.toString()));
                reply.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "overlay: internal error\n");
            } else if (answer instanceof Answer.Served s) {
                served(reply, s, ifNoneMatch, context, mac);
            } else if (answer instanceof Answer.Refused r) {
                log.warn("overlay of {}: refused, {}", node.get().name(), LogText.escape(r.reason()));
                context.timeline().record(mac, BootStage.OVERLAY, 0, "refused: " + r.reason());
                reply.text(HttpResponseStatus.FORBIDDEN, "forbidden: this overlay holds secret files; only the node's own"
                        + " address may fetch it\n");
            } else if (answer instanceof Answer.Failed f) {
                String why = f.problem().getMessage();
                log.warn("overlay of {}: cannot build: {}", node.get().name(), LogText.escape(why));
                context.timeline().record(mac, BootStage.OVERLAY, 0, "failed: " + why);
                // An archive with the reason only, so the node's console says why (iPXE shows no error body);
                // the files are named relative to the overlays' root, not by the server's own paths.
                Path root = inventory.config().overlays().map(OverlaySection::root).orElse(Path.of(""));
                reply.failure(OverlayBuilder.failure("overlay of " + node.get().name() + " cannot be built: "
                        + f.problem().summary(root)));
            } else if (answer instanceof Answer.Busy) {
                reply.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy: too many overlays being built; try again\n");
            } else {
                reply.text(HttpResponseStatus.NOT_FOUND, "not found: " + node.get().name() + " has no overlays\n");
            }
        });
    }

    /**
     * Answers from the {@link OverlayService#cached cache} when the node's archive is there, still
     * good and the client may have it: memory only, so this runs on the event loop and a cached
     * overlay needs no hop to another thread. False when the builders must answer (the request
     * is then left as it is).
     */
    static boolean respondCached(ChannelHandlerContext ctx, FullHttpRequest request, HttpContext context, InetAddress client,
            MacAddress mac) {
        if (context.overlays() == null) {
            return false;
        }
        Inventory inventory = context.inventory().get();
        Optional<NodeSpec> node = inventory.node(mac);
        if (node.isEmpty()) {
            return false;
        }
        Optional<Answer.Served> hit = context.overlays().cached(inventory.config(), node.get(), client);
        if (hit.isEmpty()) {
            return false;
        }
        Reply reply = new Reply(ctx, context, request.protocolVersion(), request.method().equals(HttpMethod.HEAD),
                HttpUtil.isKeepAlive(request));
        served(reply, hit.get(), request.headers().get(HttpHeaderNames.IF_NONE_MATCH), context, mac);
        return true;
    }

    private static void served(Reply reply, Answer.Served s, String ifNoneMatch, HttpContext context, MacAddress mac) {
        Overlay o = s.overlay();
        if (o.etag().equals(ifNoneMatch)) {
            reply.notModified(o.etag());
            return;
        }
        reply.archive(o, s.body());
        if (!reply.head()) {
            context.timeline().record(mac, BootStage.OVERLAY, o.cpio().length, o.files().size() + " files"
                    + (o.hostKey() == null ? "" : ", ssh-ed25519 " + o.hostKey()));
        }
    }

    /** Writes one answer; the request itself is released by then, so what it said was taken out first. */
    private record Reply(ChannelHandlerContext ctx, HttpContext context, HttpVersion version, boolean head, boolean keepAlive) {
        void archive(Overlay o, ByteBuffer body) {
            // A view of the body, not a copy: releasing it frees nothing.
            FullHttpResponse r = new DefaultFullHttpResponse(version, HttpResponseStatus.OK,
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body.duplicate()), OWN_HEADERS, NO_TRAILERS);
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, CPIO)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, o.cpio().length)
                    .set(HttpHeaderNames.ETAG, o.etag())
                    .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
            if (!head) {
                context.metrics().httpBytes.add(o.cpio().length);
            }
            send(r);
        }

        void failure(byte[] cpio) {
            FullHttpResponse r = new DefaultFullHttpResponse(version, HttpResponseStatus.OK,
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(cpio));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/x-cpio")
                    .set(HttpHeaderNames.CONTENT_LENGTH, cpio.length)
                    .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            context.metrics().httpErrors.increment();
            send(r);
        }

        void notModified(String etag) {
            FullHttpResponse r = new DefaultFullHttpResponse(version, HttpResponseStatus.NOT_MODIFIED, Unpooled.EMPTY_BUFFER);
            r.headers().set(HttpHeaderNames.ETAG, etag).set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
            send(r);
        }

        void text(HttpResponseStatus status, String body) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            FullHttpResponse r = new DefaultFullHttpResponse(version, status, head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, TEXT).set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
            context.metrics().httpErrors.increment();
            send(r);
        }

        private void send(FullHttpResponse r) {
            HttpUtil.setKeepAlive(r, keepAlive);
            ctx.writeAndFlush(r).addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
        }
    }
}
