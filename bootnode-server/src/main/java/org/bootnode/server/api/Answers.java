package org.bootnode.server.api;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.nio.charset.StandardCharsets;

/** The API's answers: JSON documents and refusals ({@code {"error","field"}}), never cached, keep-alive as asked. */
final class Answers {
    private static final String JSON = "application/json";

    private Answers() {}

    /** 200 with {@code document}. */
    static void ok(ChannelHandlerContext ctx, FullHttpRequest request, Object document) {
        send(ctx, request, response(request, HttpResponseStatus.OK, document));
    }

    static FullHttpResponse response(FullHttpRequest request, HttpResponseStatus status, Object document) {
        byte[] body = (Json.write(document) + "\n").getBytes(StandardCharsets.UTF_8);
        boolean head = request.method().equals(HttpMethod.HEAD);
        FullHttpResponse r = new DefaultFullHttpResponse(request.protocolVersion(), status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, JSON).set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return r;
    }

    static FullHttpResponse empty(FullHttpRequest request, HttpResponseStatus status) {
        FullHttpResponse r = new DefaultFullHttpResponse(request.protocolVersion(), status, Unpooled.EMPTY_BUFFER);
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        return r;
    }

    static void refuse(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String reason,
            String field) {
        FullHttpResponse r = response(request, status, new Documents.Refusal(reason, field));
        send(ctx, request, r);
    }

    static void refuse(ChannelHandlerContext ctx, FullHttpRequest request, ApiException e) {
        FullHttpResponse r = response(request, e.status(), new Documents.Refusal(e.getMessage(), e.field()));
        if (e.allowed() != null) {
            r.headers().set(HttpHeaderNames.ALLOW, e.allowed());
        }
        send(ctx, request, r);
    }

    static void send(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        ctx.writeAndFlush(response).addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
    }
}
