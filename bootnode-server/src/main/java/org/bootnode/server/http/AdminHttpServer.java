package org.bootnode.server.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.bootnode.server.config.HttpSection;
import org.bootnode.server.metrics.ServerMetrics;
import org.bootnode.server.transport.Transports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin listener's HTTP server: the boot listener's hardening (a connection bound in all and
 * per address, the idle timeout, a deadline for each whole request, the request line and header
 * limits, HTTP/1.0 and 1.1 only, one request at a time) with a 1 MiB body limit (413), optional
 * TLS, and a handler the caller gives (the access check and router) at the end, run on two
 * threads of its own, off the event loops: the API writes node files and fsyncs. It answers no
 * request itself.
 *
 * <pre>
 * limit ─ idle ─ tls? ─ request-begins ─ codec ─ request-deadline + check + one-at-a-time ─ aggregate ─ admin
 * </pre>
 *
 * <p>With TLS, the context is asked for at each accept, so a reload that swaps it changes every
 * later connection and none that is open. A plain HTTP request on the TLS port is answered 400
 * with a JSON error and closed, rather than dropped without a word.
 */
public final class AdminHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("org.bootnode.server.admin");
    private static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_HEADER_SIZE = 8192;
    /** The largest request body: a node document is far smaller. */
    public static final int MAX_BODY = 1024 * 1024;

    private final List<Channel> channels;
    private final ChannelGroup connections;
    private final EventExecutorGroup workers;

    private AdminHttpServer(List<Channel> channels, ChannelGroup connections, EventExecutorGroup workers) {
        this.channels = channels;
        this.connections = connections;
        this.workers = workers;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The bound addresses, in the order given (real ports where 0 was asked for). */
    public List<InetSocketAddress> addresses() {
        return channels.stream().map(c -> (InetSocketAddress) c.localAddress()).toList();
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() {
        channels.forEach(c -> c.close().syncUninterruptibly());
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        // A quiet period, not zero: closed channels still hand their pipeline teardown to these executors.
        workers.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS).awaitUninterruptibly();
    }

    /** Builds and starts an {@link AdminHttpServer}. */
    public static final class Builder {
        private List<InetSocketAddress> listen = List.of();
        private HttpSection limits = HttpSection.builder().maxConnections(256).build();
        private EventLoopGroup group;
        private ServerMetrics metrics = new ServerMetrics();
        private Supplier<SslContext> tls;
        private Supplier<ChannelHandler> handler;

        private Builder() {}

        /** The addresses to listen on (required, at least one). */
        public Builder listen(List<InetSocketAddress> listen) {
            this.listen = List.copyOf(listen);
            return this;
        }

        /** Connection bounds, idle timeout and request deadline (default: the boot listener's, 256 connections). */
        public Builder limits(HttpSection limits) {
            this.limits = Objects.requireNonNull(limits);
            return this;
        }

        /** The event loops (required). */
        public Builder eventLoopGroup(EventLoopGroup group) {
            this.group = group;
            return this;
        }

        /** Where refusals are counted. */
        public Builder metrics(ServerMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics);
            return this;
        }

        /** The TLS context of each new connection, or null for plain HTTP. */
        public Builder tls(Supplier<SslContext> tls) {
            this.tls = tls;
            return this;
        }

        /** A new handler of aggregated requests for each connection (required). */
        public Builder handler(Supplier<ChannelHandler> handler) {
            this.handler = handler;
            return this;
        }

        /** Binds every address and starts serving; nothing stays bound when one bind fails. */
        public AdminHttpServer start() {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(handler, "handler");
            if (listen.isEmpty()) {
                throw new IllegalArgumentException("listen: empty (expected: at least one address)");
            }
            ServerMetrics m = metrics;
            EventExecutorGroup workers = new DefaultEventExecutorGroup(2, new DefaultThreadFactory("bootnode-admin", true));
            ChannelGroup connections = new DefaultChannelGroup("bootnode-admin", GlobalEventExecutor.INSTANCE);
            ConnectionLimit limit = new ConnectionLimit(limits.maxConnections(), limits.maxConnectionsPerAddress(), m);
            long idleMillis = limits.idleTimeout().toMillis();
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(Transports.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 128)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        // As in BootHttpServer: addLast(group, ...) is deprecated in Netty 4.2 but is the one
                        // way to run a handler off the event loop with a connection's requests kept in order.
                        @SuppressWarnings("deprecation")
                        @Override
                        protected void initChannel(Channel ch) {
                            connections.add(ch);
                            RequestDeadline deadline = new RequestDeadline(limits.headerTimeout(), m, Refusals.JSON);
                            ch.pipeline()
                                    .addLast("limit", limit)
                                    .addLast("idle", new IdleStateHandler(true, 0, 0, idleMillis, TimeUnit.MILLISECONDS));
                            if (tls != null) {
                                ch.pipeline().addLast("tls", new TlsOrRefuse(tls.get(), m));
                            }
                            ch.pipeline()
                                    .addLast("request-begins", deadline.bytes())
                                    .addLast("codec", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, 8192))
                                    // The end of each request's deadline, the request check, one request at a time.
                                    .addLast("request-deadline", deadline.messagesOneAtATime(new RequestCheck(m, Refusals.JSON)))
                                    .addLast("aggregate", new JsonTooLarge(MAX_BODY))
                                    .addLast(workers, "admin", handler.get());
                        }
                    });
            List<Channel> bound = new ArrayList<>();
            for (InetSocketAddress address : listen) {
                try {
                    bound.add(bootstrap.bind(address).syncUninterruptibly().channel());
                } catch (Exception e) {
                    bound.forEach(c -> c.close().syncUninterruptibly());
                    workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
                    // Netty rethrows the bind's checked exception undeclared: name the address in one line.
                    throw new UncheckedIOException("admin: cannot listen on " + address.getAddress().getHostAddress() + ":"
                            + address.getPort() + ": " + e.getMessage(), e instanceof IOException io ? io : new IOException(e));
                }
            }
            return new AdminHttpServer(bound, connections, workers);
        }
    }

    /**
     * Netty's {@link OptionalSslHandler} decides from the first bytes whether they are a TLS
     * record; what is not gets a 400 in the clear (as nginx answers plain HTTP on its HTTPS port)
     * instead of a reset that tells the user nothing.
     */
    /**
     * The aggregator, with its 413 for a body over {@link #MAX_BODY} worded as the API's error
     * document (Netty's own is empty) and the connection closed, its body never read.
     */
    private static final class JsonTooLarge extends HttpObjectAggregator {
        JsonTooLarge(int maxContentLength) {
            super(maxContentLength);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            ctx.writeAndFlush(Refusals.JSON.response(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "body over " + MAX_BODY + " bytes")).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static final class TlsOrRefuse extends OptionalSslHandler {
        private final ServerMetrics metrics;

        TlsOrRefuse(SslContext context, ServerMetrics metrics) {
            super(context);
            this.metrics = metrics;
        }

        @Override
        protected ChannelHandler newNonSslHandler(ChannelHandlerContext context) {
            return new ChannelInboundHandlerAdapter() {
                private boolean answered;

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ReferenceCountUtil.release(msg);
                    if (answered) {
                        return;
                    }
                    answered = true;
                    metrics.adminRefused.increment();
                    log.info("admin {}: plain HTTP on the TLS port, refused",
                            ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress());
                    byte[] body = "{\"error\":\"plain HTTP on a TLS port (expected: https://)\"}\n".getBytes(StandardCharsets.US_ASCII);
                    ByteBuf head = Unpooled.copiedBuffer("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n", StandardCharsets.US_ASCII);
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(head, Unpooled.wrappedBuffer(body)))
                            .addListener(ChannelFutureListener.CLOSE);
                }
            };
        }
    }
}
