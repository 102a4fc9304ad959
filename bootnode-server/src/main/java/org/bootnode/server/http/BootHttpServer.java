package org.bootnode.server.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.bootnode.server.BootUrls;
import org.bootnode.server.ScriptRenderer;
import org.bootnode.server.metrics.ServerMetrics;
import org.bootnode.server.overlay.OverlayService;
import org.bootnode.server.config.HttpSection;
import org.bootnode.server.scripts.IpxeScriptRenderer;
import org.bootnode.server.transport.Transports;
import org.bootnode.server.inventory.BootTimeline;
import org.bootnode.server.inventory.Inventory;
import org.bootnode.server.inventory.MacLookup;
import org.bootnode.tftp.server.FastPath;
import org.bootnode.tftp.server.FileSource;

/**
 * The boot listener (docs/server.md): node scripts, kernels and initrds, the TFTP root and boot
 * reports (the API and metrics are the admin listener's, {@link AdminHttpServer}). Bounded against clients that are slow, many or hostile: at most
 * {@link HttpSection#maxConnections()} connections, {@link HttpSection#maxConnectionsPerAddress()}
 * of them from one address; each request must arrive whole within
 * {@link HttpSection#headerTimeout()} of its first byte (408, close), and a connection is closed
 * after {@link HttpSection#idleTimeout()} without progress; the request line is limited to
 * 4 KiB (414), the headers to 8 KiB (431), bodies to 64 KiB (413); only HTTP/1.0 and 1.1 are
 * served (505); a connection's next request is read only once the previous answer is written.
 *
 * <pre>
 * limit + idle + request-begins ─ codec ─ request-deadline + check + one-at-a-time ─ aggregate ─ cached ─ (boot)
 * </pre>
 *
 * <pre>{@code
 * try (BootHttpServer http = BootHttpServer.builder().config(section).inventory(() -> inv).start()) {
 *     int port = http.port();
 * }
 * }</pre>
 */
public final class BootHttpServer implements AutoCloseable {
    private static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_HEADER_SIZE = 8192;
    private static final int MAX_BODY = 64 * 1024;
    /** Connections waiting to be accepted (the kernel caps it at net.core.somaxconn). */
    static final int ACCEPT_BACKLOG = 4096;

    private final Channel channel;
    private final EventLoopGroup ownGroup;
    private final EventExecutorGroup fileGroup;
    private final ChannelGroup connections;
    private final OpenFileCache openFiles;
    private final int port;

    private BootHttpServer(Channel channel, EventLoopGroup ownGroup, EventExecutorGroup fileGroup, ChannelGroup connections,
            OpenFileCache openFiles) {
        this.channel = channel;
        this.openFiles = openFiles;
        this.connections = connections;
        this.ownGroup = ownGroup;
        this.fileGroup = fileGroup;
        this.port = ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The bound port (the real one when the configuration asked for 0). */
    public int port() {
        return port;
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        openFiles.close();
        // A quiet period, not zero: closed channels still hand their pipeline teardown to these executors.
        var files = fileGroup.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS);
        if (ownGroup != null) {
            ownGroup.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS).awaitUninterruptibly();
        }
        files.awaitUninterruptibly();
    }

    /** Builds and starts a {@link BootHttpServer}. */
    public static final class Builder {
        private HttpSection config = HttpSection.defaults();
        private InetAddress bindAddress;
        private EventLoopGroup group;
        private Supplier<Inventory> inventory;
        private BootTimeline timeline;
        private ServerMetrics metrics;
        private ScriptRenderer renderer = new IpxeScriptRenderer();
        private IntFunction<BootUrls> urls;
        private FileSource tftpSource;
        private MacLookup macs = MacLookup.none();
        private boolean servesUnknown;
        private int fileThreads = 4;
        private OverlayService overlays;

        private Builder() {}

        /** Port, connection bound and idle timeout. */
        public Builder config(HttpSection config) {
            this.config = Objects.requireNonNull(config);
            return this;
        }

        /** The address to listen on (default: every address). */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = address;
            return this;
        }

        /**
         * A shared event loop group (default: a group of its own of {@link HttpSection#effectiveThreads()}
         * loops that do not poll, closed with the server).
         */
        public Builder eventLoopGroup(EventLoopGroup group) {
            this.group = group;
            return this;
        }

        /** The current nodes and images; read at every request, so a reload is a swap. */
        public Builder inventory(Supplier<Inventory> inventory) {
            this.inventory = inventory;
            return this;
        }

        /** Where boot steps are recorded (default: a fresh one). */
        public Builder timeline(BootTimeline timeline) {
            this.timeline = timeline;
            return this;
        }

        /** The metrics to count in (default: fresh ones). */
        public Builder metrics(ServerMetrics metrics) {
            this.metrics = metrics;
            return this;
        }

        /** The script renderer (default: plain text). */
        public Builder renderer(ScriptRenderer renderer) {
            this.renderer = Objects.requireNonNull(renderer);
            return this;
        }

        /** The URLs handed to nodes, given the bound port. */
        public Builder urls(IntFunction<BootUrls> urls) {
            this.urls = urls;
            return this;
        }

        /** The TFTP server's file source, served under {@code /tftp/} (default: none, 404). */
        public Builder tftpSource(FileSource source) {
            this.tftpSource = source;
            return this;
        }

        /** Who is at a client address, for the requests that name no node (default: nobody known). */
        public Builder macs(MacLookup macs) {
            this.macs = Objects.requireNonNull(macs);
            return this;
        }

        /** The nodes' overlays, served at {@code /nodes/{mac}/overlay} (default: none, 404); the caller closes it. */
        public Builder overlays(OverlayService overlays) {
            this.overlays = overlays;
            return this;
        }

        /** Whether unknown MACs get a waiting script instead of 404. */
        public Builder servesUnknown(boolean servesUnknown) {
            this.servesUnknown = servesUnknown;
            return this;
        }

        /** Threads that open files (default 4); scripts and the bytes of open files go out on the event loops. */
        public Builder fileThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("fileThreads: " + threads + " (expected: 1 or more)");
            }
            this.fileThreads = threads;
            return this;
        }

        /** Binds and starts serving. */
        public BootHttpServer start() {
            Objects.requireNonNull(inventory, "inventory");
            ServerMetrics m = metrics == null ? new ServerMetrics() : metrics;
            BootTimeline t = timeline == null ? new BootTimeline(Clock.systemUTC()) : timeline;
            // Loops of its own that do not poll (FastPath's polling serves lockstep TFTP; here it
            // would only take the core from the loops that need it).
            EventLoopGroup own = group == null ? Transports.group(config.effectiveThreads(),
                    new DefaultThreadFactory("bootnode-http", true), FastPath.pollingUpTo(Duration.ZERO)) : null;
            EventLoopGroup loops = group == null ? own : group;
            EventExecutorGroup files = new DefaultEventExecutorGroup(fileThreads, new DefaultThreadFactory("bootnode-http-files", true));
            ChannelGroup connections = new DefaultChannelGroup("bootnode-http", GlobalEventExecutor.INSTANCE);
            ConnectionLimit limit = new ConnectionLimit(config.maxConnections(), config.maxConnectionsPerAddress(), m);
            long idleMillis = config.idleTimeout().toMillis();
            BoundUrls bound = new BoundUrls();
            OpenFileCache openFiles = new OpenFileCache(files, OpenFileCache.DEFAULT_RECHECK);
            HttpContext context = new HttpContext(inventory, t, m, renderer, bound, tftpSource, macs, servesUnknown, overlays,
                    openFiles);
            CachedAnswers cached = new CachedAnswers(context, files);
            try {
                Channel channel = sendOptions(new ServerBootstrap(), config, Transports.epoll())
                        .group(loops)
                        .channel(Transports.serverChannel())
                        // The accept queue: a rack powered on at once connects all together, and a connection
                        // the full queue drops costs its client a SYN retransmit (1 s). The kernel caps this at
                        // net.core.somaxconn (4096 by default since Linux 5.4).
                        .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
                        // No TCP_NODELAY option: Netty sets it on every accepted socket already (its
                        // default where the platform allows, Linux among them); the option set it again,
                        // one more setsockopt(2) per connection.
                        .childHandler(new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(Channel ch) {
                                connections.add(ch);
                                RequestDeadline deadline = new RequestDeadline(config.headerTimeout(), m);
                                // Five handlers where each bound was one of its own (seven): fewer to set up
                                // and to pass for each connection of a boot storm.
                                ch.pipeline()
                                        // The connection bounds, the idle timer and the start of each request's deadline.
                                        .addLast("guard", deadline.guard(idleMillis, limit))
                                        .addLast("codec", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, 8192))
                                        // The end of each request's deadline, the request check, one request at a time.
                                        .addLast("request-deadline", deadline.messagesOneAtATime(new RequestCheck(m)))
                                        // A request without a body (nearly all) goes on whole at once; others are aggregated.
                                        .addLast("aggregate", new RequestAggregator(MAX_BODY))
                                        // Adds the BootHttpHandler, on the file threads, at the first request it needs.
                                        .addLast("cached", cached);
                            }
                        })
                        .bind(bindAddress == null ? new InetSocketAddress(config.port()) : new InetSocketAddress(bindAddress, config.port()))
                        .syncUninterruptibly()
                        .channel();
                int port = ((InetSocketAddress) channel.localAddress()).getPort();
                bound.urls = urls == null ? new BootUrls("127.0.0.1", port) : urls.apply(port);
                HttpWarmup.run(context, MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_BODY);
                return new BootHttpServer(channel, own, files, connections, openFiles);
            } catch (Exception e) {
                openFiles.close();
                files.shutdownGracefully(0, 0, TimeUnit.SECONDS);
                if (own != null) {
                    own.shutdownGracefully(0, 0, TimeUnit.SECONDS);
                }
                // Netty rethrows the bind's checked exception undeclared: name the port in one line.
                throw new UncheckedIOException("http: cannot listen on port " + config.port() + ": " + e.getMessage(),
                        e instanceof IOException io ? io : new IOException(e));
            }
        }
    }

    /**
     * Sets how each connection sends: {@link HttpSection#sendBuffer()} as SO_SNDBUF (none when 0:
     * the kernel autotunes, and shrinks the buffers when TCP memory runs short), and, on the native
     * epoll transport ({@code epoll}), {@link HttpSection#unsentLimit()} as TCP_NOTSENT_LOWAT, which
     * bounds what one sendfile(2) queues and when the socket reports itself writable again. Each
     * connection writes once a turn of its event loop (Netty's write spin count 1, where its default
     * lets a connection write up to 16 times while its socket takes the bytes): in a boot storm one
     * loop carries hundreds of downloads, and a client that drains its socket as fast as the server
     * fills it otherwise took up to 16 unsent-limits of sendfile(2) a turn while the others waited
     * (bench/storm: CPU per booted node and the per-node p99 lower in four alternated storms of
     * four). What is left is sent on the same turn's tasks or the next turn.
     */
    static ServerBootstrap sendOptions(ServerBootstrap bootstrap, HttpSection config, boolean epoll) {
        bootstrap.childOption(ChannelOption.WRITE_SPIN_COUNT, 1);
        // A null value removes an option.
        bootstrap.childOption(ChannelOption.SO_SNDBUF, config.sendBuffer() > 0 ? config.sendBuffer() : null);
        if (epoll) {
            bootstrap.childOption(EpollChannelOption.TCP_NOTSENT_LOWAT, config.unsentLimit() > 0 ? (long) config.unsentLimit() : null);
        }
        return bootstrap;
    }

    /** The URLs, known once the port is bound; requests cannot arrive before that. */
    private static final class BoundUrls implements Supplier<BootUrls> {
        volatile BootUrls urls;

        @Override
        public BootUrls get() {
            return urls;
        }
    }
}
