package org.bootnode.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongConsumer;
import org.bootnode.server.metrics.ServerMetrics;
import org.bootnode.tftp.server.TftpFile;
import org.bootnode.server.log.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a file of the TFTP server's file source as an HTTP response: {@code Content-Length}, a
 * single {@code Range}, {@code HEAD}. A {@link TftpFile} offers positional reads only (it may be
 * made in memory by an embedder's source), so the body goes in chunks of {@value #CHUNK} bytes,
 * each read on the handler's executor (reads may block) once the one before is written: one
 * chunk in memory per connection, never a read on the event loop.
 */
final class TftpFileResponder {
    private static final Logger log = LoggerFactory.getLogger(TftpFileResponder.class);
    static final int CHUNK = 128 * 1024;

    private TftpFileResponder() {}

    /**
     * Answers {@code request} with {@code file} and takes ownership of it (closed when sent or
     * failed). {@code done} gets the body bytes once the last one left (not for HEAD or 416).
     */
    static void send(ChannelHandlerContext ctx, HttpRequest request, TftpFile file, ServerMetrics metrics, LongConsumer done) {
        boolean handedOver = false;
        try {
            long size = file.size();
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            // No validator to compare an If-Range with: the whole file, as RFC 9110 §13.1.5 allows.
            ByteRange range = request.headers().contains(HttpHeaderNames.IF_RANGE)
                    ? new ByteRange.Whole()
                    : ByteRange.of(request.headers().get(HttpHeaderNames.RANGE), size);
            if (range instanceof ByteRange.Unsatisfiable) {
                FullHttpResponse r = ByteRange.notSatisfiable(request.protocolVersion(), size);
                metrics.httpErrors.increment();
                HttpUtil.setKeepAlive(r, keepAlive);
                ctx.writeAndFlush(r).addListener(closeUnless(keepAlive));
                return;
            }
            long first = range.offset();
            long length = range.length(size);
            HttpResponse response = range.responseHead(request.protocolVersion(), size);
            HttpUtil.setKeepAlive(response, keepAlive);
            ctx.write(response);
            if (request.method().equals(HttpMethod.HEAD) || length == 0) {
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(closeUnless(keepAlive));
                return;
            }
            metrics.httpTransfers.increment();
            handedOver = true;
            new Stream(ctx, file, first, length, keepAlive, metrics, done).next();
        } finally {
            if (!handedOver) {
                close(file);
            }
        }
    }

    private static ChannelFutureListener closeUnless(boolean keepAlive) {
        return keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE;
    }

    private static void close(TftpFile file) {
        try {
            file.close();
        } catch (IOException e) {
            log.debug("http: closing a tftp file: {}", LogText.escape(e.toString()));
        }
    }

    /** One body on its way: reads a chunk, writes it, and reads the next when that is written. */
    private static final class Stream {
        private final ChannelHandlerContext ctx;
        private final TftpFile file;
        private final long length;
        private final boolean keepAlive;
        private final ServerMetrics metrics;
        private final LongConsumer done;
        private long position;
        private long sent;

        Stream(ChannelHandlerContext ctx, TftpFile file, long first, long length, boolean keepAlive, ServerMetrics metrics,
                LongConsumer done) {
            this.ctx = ctx;
            this.file = file;
            this.position = first;
            this.length = length;
            this.keepAlive = keepAlive;
            this.metrics = metrics;
            this.done = done;
        }

        /** On the handler's executor. */
        void next() {
            if (sent == length) {
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> {
                    finish();
                    if (f.isSuccess()) {
                        metrics.httpBytes.add(length);
                        done.accept(length);
                    }
                    if (!keepAlive || !f.isSuccess()) {
                        ctx.channel().close();
                    }
                });
                return;
            }
            ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK, length - sent));
            try {
                while (chunk.hasRemaining()) {
                    int n = file.read(chunk, position + chunk.position());
                    if (n < 0) {
                        throw new IOException("file ended at byte " + (position + chunk.position()) + " of the response");
                    }
                }
            } catch (IOException | RuntimeException e) {
                // The status line has gone: closing the connection is the one way left to say it failed.
                log.warn("http {}: tftp file: {}", ctx.channel().remoteAddress(), LogText.escape(e.toString()));
                finish();
                ctx.channel().close();
                return;
            }
            chunk.flip();
            position += chunk.remaining();
            sent += chunk.remaining();
            ByteBuf body = Unpooled.wrappedBuffer(chunk);
            ctx.writeAndFlush(new DefaultHttpContent(body)).addListener(f -> {
                if (f.isSuccess()) {
                    try {
                        ctx.executor().execute(this::next);
                    } catch (RejectedExecutionException e) {
                        finish(); // the server is stopping
                        ctx.channel().close();
                    }
                } else {
                    finish();
                    ctx.channel().close();
                }
            });
        }

        private void finish() {
            metrics.httpTransfers.decrement();
            close(file);
        }
    }
}
