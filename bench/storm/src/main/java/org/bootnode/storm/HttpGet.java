package org.bootnode.storm;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/1.1 GET on a connection of its own, from a given local address (the node's), as
 * iPXE and busybox wget fetch: the body is counted, and kept only up to a bound (a script); a
 * body not kept is not even copied on epoll ({@link BodyDiscard}). Non-blocking; a connection is
 * closed when its answer is complete or it fails.
 */
final class HttpGet {
    /** What came back: status, bytes of body, and the body itself when it fit the bound. */
    record Result(int status, long bytes, byte[] kept) {
        String text() {
            return new String(kept, StandardCharsets.UTF_8);
        }
    }

    private final Loops loops;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Answers answers;
    private final BodyDiscard discard;

    /** {@code answers}: notes when each response's head arrives. */
    HttpGet(Loops loops, Duration connectTimeout, Duration readTimeout, Answers answers) {
        this.loops = loops;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.answers = answers;
        this.discard = loops.bodyDiscard();
    }

    Answers answers() {
        return answers;
    }

    /** GETs {@code url} from {@code local}; keeps at most {@code keep} bytes of the body. */
    CompletableFuture<Result> get(InetAddress local, URI url, int keep) {
        CompletableFuture<Result> result = new CompletableFuture<>();
        if (!"http".equals(url.getScheme()) || url.getHost() == null) {
            result.completeExceptionally(new IOException("not an http URL: " + Escape.text(url.toString())));
            return result;
        }
        int port = url.getPort() < 0 ? 80 : url.getPort();
        String target = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            target += "?" + url.getRawQuery();
        }
        String path = target;
        Bootstrap b = new Bootstrap();
        if (discard != null) {
            discard.configure(b);
        }
        b.group(loops.group())
                .channel(loops.socket())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ReadTimeoutHandler(readTimeout.toMillis(), TimeUnit.MILLISECONDS),
                                new HttpClientCodec(), new Response(result, keep, answers, discard));
                    }
                })
                .connect(new InetSocketAddress(url.getHost(), port), new InetSocketAddress(local, 0))
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        result.completeExceptionally(f.cause());
                        return;
                    }
                    Channel ch = ((ChannelFuture) f).channel();
                    DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
                    request.headers().set(HttpHeaderNames.HOST, url.getHost() + ":" + port)
                            .set(HttpHeaderNames.USER_AGENT, "bootnode-storm")
                            .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                    ch.writeAndFlush(request);
                });
        return result;
    }

    /**
     * The response, through the codec. A body that is not kept (a kernel, an initrd) and has a
     * Content-Length goes, once the head has been read, from the socket to /dev/null
     * ({@link BodyDiscard}) where the loop is epoll; the fetch then ends at the server's close
     * (the request said {@code Connection: close}, and both servers close right after the last
     * byte) and fails if the body was shorter or longer than its Content-Length. Otherwise (NIO,
     * a script) the codec frames the body and the fetch ends at its last byte, as before: a
     * connection closed early fails it. Either way every byte is counted.
     */
    private static final class Response extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<Result> result;
        private final int keep;
        private final Answers answers;
        private final BodyDiscard discard;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private int status;
        private long bytes;
        /** The head's Content-Length when the body is discarded in the kernel, else -1. */
        private long spliceLength = -1;
        private boolean codecRemoved;

        Response(CompletableFuture<Result> result, int keep, Answers answers, BodyDiscard discard) {
            this.result = result;
            this.keep = keep;
            this.answers = answers;
            this.discard = discard;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpResponse r) {
                    answers.heard();
                    status = r.status().code();
                    long length = HttpUtil.getContentLength(r, -1L);
                    if (discard != null && keep == 0 && length > 0 && !HttpUtil.isTransferEncodingChunked(r)) {
                        spliceLength = length;
                    }
                }
                if (msg instanceof HttpContent c) {
                    count(c.content());
                    if (msg instanceof LastHttpContent) {
                        result.complete(new Result(status, bytes, kept.toByteArray()));
                        ctx.close();
                    }
                } else if (msg instanceof ByteBuf b) {
                    // the codec has left: what it still held, then each of the channel's reads
                    count(b);
                    drain(ctx);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void count(ByteBuf b) {
            int n = b.readableBytes();
            bytes += n;
            int room = keep - kept.size();
            if (room > 0) {
                int take = Math.min(room, n);
                byte[] chunk = new byte[take];
                b.getBytes(b.readerIndex(), chunk);
                kept.write(chunk, 0, take);
            }
        }

        /** After the read that brought the head: the codec leaves, the rest of the body is spliced. */
        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (spliceLength >= 0 && !codecRemoved && !result.isDone()) {
                codecRemoved = true;
                ctx.pipeline().remove(HttpClientCodec.class);   // fires the bytes it held, as a ByteBuf
                drain(ctx);
            }
            ctx.fireChannelReadComplete();
        }

        private void drain(ChannelHandlerContext ctx) {
            if (result.isDone()) {
                return;
            }
            if (bytes > spliceLength) {
                fail(ctx, new IOException("body longer than its Content-Length " + spliceLength));
                return;
            }
            try {
                bytes += discard.drain(ctx.channel(), spliceLength - bytes);
            } catch (IOException e) {
                fail(ctx, e);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (codecRemoved && bytes == spliceLength) {
                // the server's close after exactly Content-Length bytes (the request said close)
                result.complete(new Result(status, bytes, kept.toByteArray()));
            }
            result.completeExceptionally(new IOException("connection closed after " + bytes + " bytes of body"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(ctx, cause);
        }

        private void fail(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(cause);
            ctx.close();
        }
    }
}
