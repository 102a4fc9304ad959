package org.bootnode.server.api;

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
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;
import org.bootnode.server.http.NodesJson;
import org.bootnode.server.inventory.BootTimeline;
import org.bootnode.server.inventory.Inventory;

/**
 * The admin API (placeholder until the API proper lands): {@code GET /api/nodes} answers the
 * document it always did; everything else is 404.
 */
public final class AdminApi {
    private final Supplier<Inventory> inventory;
    private final BootTimeline timeline;

    /** The API over the current inventory and the timeline. */
    public AdminApi(Supplier<Inventory> inventory, BootTimeline timeline) {
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        this.timeline = Objects.requireNonNull(timeline, "timeline");
    }

    /** Answers one /api/... request; may answer later (SSE keeps the channel open). */
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, Access access) {
        String path = request.uri().split("\\?", 2)[0];
        boolean read = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
        if (!read && access != Access.WRITE) {
            send(ctx, request, HttpResponseStatus.FORBIDDEN, "{\"error\":\"read-only access\"}\n");
        } else if ((path.equals("/api/nodes") || path.equals("/api/nodes/")) && read) {
            send(ctx, request, HttpResponseStatus.OK, NodesJson.write(inventory.get(), timeline) + "\n");
        } else {
            send(ctx, request, HttpResponseStatus.NOT_FOUND, "{\"error\":\"not found\"}\n");
        }
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        boolean head = request.method().equals(HttpMethod.HEAD);
        FullHttpResponse r = new DefaultFullHttpResponse(request.protocolVersion(), status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json").set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(r, keepAlive);
        ctx.writeAndFlush(r).addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
    }
}
