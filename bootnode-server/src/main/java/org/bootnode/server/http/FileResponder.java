package org.bootnode.server.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.Date;
import java.util.function.LongConsumer;
import org.bootnode.server.metrics.ServerMetrics;

/**
 * Sends a file as an HTTP response: {@code Content-Length}, {@code ETag},
 * {@code Last-Modified}, conditional requests (304), a single {@code Range} (206, or 416 when
 * unsatisfiable), {@code HEAD}. The body goes as a region of an {@link OpenFile} (a
 * {@link io.netty.channel.DefaultFileRegion}): sendfile(2) on epoll, {@code FileChannel.transferTo}
 * on NIO, never through the heap (no TLS here).
 */
final class FileResponder {
    private FileResponder() {}

    /**
     * Answers {@code request} with {@code file}, taking over the caller's reference to it (given
     * back here, or by the body's region once sent). {@code done} gets the body bytes sent, once
     * the last byte left (not called for HEAD, 304 or 416, or when the transfer failed). Memory
     * only: the file was opened and its attributes read when it was opened, so this may run on
     * an event loop.
     */
    static void send(ChannelHandlerContext ctx, HttpRequest request, OpenFile file, ServerMetrics metrics, LongConsumer done) {
        boolean handedOver = false;
        try {
            long size = file.size();
            String etag = file.etag();
            String lastModified = file.lastModified();
            boolean keepAlive = HttpUtil.isKeepAlive(request);

            if (notModified(request, etag, file.mtimeMillis())) {
                FullHttpResponse r = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.NOT_MODIFIED);
                r.headers().set(HttpHeaderNames.ETAG, etag).set(HttpHeaderNames.LAST_MODIFIED, lastModified);
                finish(ctx, r, keepAlive);
                return;
            }
            String ifRange = request.headers().get(HttpHeaderNames.IF_RANGE);
            ByteRange range = ifRange != null && !ifRange.equals(etag) && !ifRange.equals(lastModified)
                    ? new ByteRange.Whole()
                    : ByteRange.of(request.headers().get(HttpHeaderNames.RANGE), size);
            if (range instanceof ByteRange.Unsatisfiable) {
                metrics.httpErrors.increment();
                finish(ctx, ByteRange.notSatisfiable(request.protocolVersion(), size), keepAlive);
                return;
            }
            long first = range.offset();
            long length = range.length(size);
            HttpResponse response = range.responseHead(request.protocolVersion(), size);
            response.headers().set(HttpHeaderNames.ETAG, etag).set(HttpHeaderNames.LAST_MODIFIED, lastModified);
            HttpUtil.setKeepAlive(response, keepAlive);
            ctx.write(response);
            if (request.method().equals(HttpMethod.HEAD) || length == 0) {
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(closeUnless(keepAlive));
                return;
            }
            metrics.httpTransfers.increment();
            // The region holds the caller's reference from here: given back by the transport when written or failed.
            ctx.write(file.region(first, length));
            handedOver = true;
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> {
                metrics.httpTransfers.decrement();
                if (f.isSuccess()) {
                    metrics.httpBytes.add(length);
                    done.accept(length);
                }
                if (!keepAlive || !f.isSuccess()) {
                    ctx.channel().close();
                }
            });
        } finally {
            if (!handedOver) {
                file.release();
            }
        }
    }

    private static boolean notModified(HttpRequest request, String etag, long mtime) {
        String ifNoneMatch = request.headers().get(HttpHeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch != null) {
            for (String tag : ifNoneMatch.split(",")) {
                String t = tag.strip();
                if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                    return true;
                }
            }
            return false; // RFC 9110 §13.1.3: If-Modified-Since is ignored when If-None-Match is present
        }
        String ifModifiedSince = request.headers().get(HttpHeaderNames.IF_MODIFIED_SINCE);
        if (ifModifiedSince != null && (request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD))) {
            Date since = DateFormatter.parseHttpDate(ifModifiedSince);
            return since != null && mtime / 1000 <= since.getTime() / 1000;
        }
        return false;
    }

    private static void finish(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        HttpUtil.setKeepAlive(response, keepAlive);
        ctx.writeAndFlush(response).addListener(closeUnless(keepAlive));
    }

    private static ChannelFutureListener closeUnless(boolean keepAlive) {
        return keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE;
    }
}
