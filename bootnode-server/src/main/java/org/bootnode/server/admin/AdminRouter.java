package org.bootnode.server.admin;

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
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.bootnode.server.api.AdminApi;
import org.bootnode.server.config.Tokens;
import org.bootnode.server.log.LogText;
import org.bootnode.server.metrics.ServerMetrics;
import org.bootnode.server.web.WebAssets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's access check and router: {@link AccessCheck} first (401 and 403 answered
 * here, as JSON), then {@code /api/...} to {@link AdminApi}, {@code /metrics} to the metrics
 * text, {@code /} and {@code /ui/...} to {@link WebAssets}, anything else 404. Each write is
 * logged with the token's name; a token itself is never logged.
 *
 * <p>The request is released when {@code handle} returns: an API answer that comes later (the
 * event stream) keeps what it needs, not the request.
 */
final class AdminRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger("org.bootnode.server.admin");

    private final Supplier<Tokens> tokens;
    private final AdminApi api;
    private final WebAssets web;
    private final ServerMetrics metrics;

    AdminRouter(Supplier<Tokens> tokens, AdminApi api, WebAssets web, ServerMetrics metrics) {
        this.tokens = tokens;
        this.api = api;
        this.web = web;
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        metrics.adminRequests.increment();
        String method = request.method().name();
        String path = path(request.uri());
        String client = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress();
        AccessCheck.Decision decision = AccessCheck.decide(tokens.get(), method, path,
                request.headers().get(HttpHeaderNames.AUTHORIZATION));
        if (decision instanceof AccessCheck.Refused refused) {
            metrics.adminRefused.increment();
            log.info("admin {}: {} {} refused {}: {}", client, LogText.escape(method), LogText.escape(path), refused.status(),
                    refused.error());
            FullHttpResponse r = json(request, HttpResponseStatus.valueOf(refused.status()),
                    "{\"error\":\"" + jsonText(refused.error()) + "\"}\n");
            if (refused.status() == 401) {
                r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"bootnode\""
                        + (refused.bearerError() == null ? "" : ", error=\"" + refused.bearerError() + "\""));
            }
            send(ctx, request, r);
            return;
        }
        AccessCheck.Allowed allowed = (AccessCheck.Allowed) decision;
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (!read) {
            log.info("admin {}: {} {} by {}", client, LogText.escape(method), LogText.escape(path),
                    allowed.who().orElse("(no tokens configured)"));
        }
        if (path.equals("/api") || path.startsWith("/api/")) {
            api.handle(ctx, request, allowed.access());
        } else if (path.equals("/metrics")) {
            if (read) {
                FullHttpResponse r = text(request, HttpResponseStatus.OK, metrics.prometheusText());
                r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                send(ctx, request, r);
            } else {
                FullHttpResponse r = json(request, HttpResponseStatus.METHOD_NOT_ALLOWED, "{\"error\":\"method not allowed\"}\n");
                r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
                send(ctx, request, r);
            }
        } else if (path.equals("/") || path.startsWith("/ui/")) {
            web.handle(ctx, request);
        } else {
            send(ctx, request, json(request, HttpResponseStatus.NOT_FOUND, "{\"error\":\"not found\"}\n"));
        }
    }

    /** The path of an origin-form or absolute-form URI, without query or fragment. */
    static String path(String uri) {
        if (uri.regionMatches(true, 0, "http://", 0, 7) || uri.regionMatches(true, 0, "https://", 0, 8)) {
            int slash = uri.indexOf('/', uri.indexOf("//") + 2);
            uri = slash < 0 ? "/" : uri.substring(slash);
        }
        int end = uri.length();
        int q = uri.indexOf('?');
        int hash = uri.indexOf('#');
        if (q >= 0) {
            end = q;
        }
        if (hash >= 0 && hash < end) {
            end = hash;
        }
        return uri.substring(0, end);
    }

    /** The error texts are this class's own, but a name from the token file goes in one: escape what JSON needs. */
    private static String jsonText(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private FullHttpResponse json(FullHttpRequest request, HttpResponseStatus status, String body) {
        FullHttpResponse r = text(request, status, body);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        return r;
    }

    private FullHttpResponse text(FullHttpRequest request, HttpResponseStatus status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        boolean head = request.method().equals(HttpMethod.HEAD);
        FullHttpResponse r = new DefaultFullHttpResponse(request.protocolVersion(), status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8").set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
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
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("admin {}: {}", ctx.channel().remoteAddress(), LogText.escape(cause.toString()));
        ctx.close();
    }
}
