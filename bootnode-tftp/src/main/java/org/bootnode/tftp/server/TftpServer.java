package org.bootnode.tftp.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import com.sun.management.UnixOperatingSystemMXBean;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.bootnode.tftp.internal.Transport;
import org.bootnode.tftp.server.internal.ChunkCache;
import org.bootnode.tftp.server.internal.GuardedListener;
import org.bootnode.tftp.server.internal.RequestHandler;
import org.bootnode.tftp.server.internal.ServerContext;
import org.bootnode.tftp.server.internal.Transfer;
import org.bootnode.tftp.server.internal.TransferRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TFTP server (RFC 1350, 2347, 2348, 2349, 7440) on Netty: each transfer on its own port,
 * hundreds at once without a thread per transfer.
 *
 * <pre>{@code
 * try (TftpServer server = TftpServer.builder()
 *         .bind(new InetSocketAddress("0.0.0.0", 69))
 *         .fileSource(FileSource.directory(Path.of("tftp")))
 *         .start()) {
 *     ...
 * }
 * }</pre>
 */
public final class TftpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("org.bootnode.tftp.server");
    private final ServerContext ctx;
    private final boolean ownsGroup;
    private final ThreadPoolExecutor files;
    private final Channel channel;
    private final int table;

    private TftpServer(Builder b) {
        EventLoopGroup group = b.group != null ? b.group : Transport.newGroup(b.threads, "tftp", b.fastPath.ioHandlerFactory());
        this.ownsGroup = b.group == null;
        TftpServerConfig config = b.config;
        this.table = tableSize(config.maxTransfers(), Transport.isEpoll(group) ? 2 : 1, openFileLimit());
        if (table < config.maxTransfers()) {
            LOG.warn("tftp: {} transfers at once need {} open files, more than the process may open ({}) past a reserve"
                    + " for the rest of the server: the table holds {} (raise the open-file limit, systemd's LimitNOFILE)",
                    config.maxTransfers(), (long) config.maxTransfers() * (Transport.isEpoll(group) ? 2 : 1),
                    openFileLimit(), table);
        }
        // Bounded both ways: a fixed pool and a queue of a few tasks per allowed transfer.
        this.files = new ThreadPoolExecutor(config.fileThreads(), config.fileThreads(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(64, table * 4)),
                new DefaultThreadFactory("tftp-files", true));
        files.allowCoreThreadTimeOut(true);
        InetAddress local = b.bind.getAddress();
        this.ctx = new ServerContext(config, b.source, b.policy, new GuardedListener(b.listener), files,
                new TransferRegistry(table, config.maxTransfersPerClient(), config.timeout().multipliedBy(2),
                        System::nanoTime), group,
                Transport.datagramChannels(group, local), local, System::nanoTime, b.fastPath,
                new ChunkCache(config.packetCacheSize(), files));
        try {
            this.channel = new Bootstrap()
                    .group(group)
                    .channelFactory(ctx.channels())
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65536))
                    .option(ChannelOption.SO_RCVBUF, config.receiveBufferBytes())
                    .handler(new RequestHandler(ctx))
                    .bind(b.bind)
                    .syncUninterruptibly()
                    .channel();
        } catch (RuntimeException e) {
            shutdownResources();
            throw e instanceof UncheckedIOException ? e : new UncheckedIOException(
                    new IOException("cannot bind TFTP to " + b.bind + ": " + e.getMessage(), e));
        }
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The bound address (the real port when 0 was asked for). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** The bound port. */
    public int port() {
        return localAddress().getPort();
    }

    /** Transfers in progress. */
    public int activeTransfers() {
        return ctx.registry().total();
    }

    /**
     * Transfers at once: {@link TftpServerConfig#maxTransfers()}, or fewer when the process's
     * open-file limit cannot hold that many (see {@link #tableSize}).
     */
    public int maxTransfers() {
        return table;
    }

    /**
     * The transfer table's size: {@code configured}, held to what the open-file limit allows. Each
     * transfer holds {@code perTransfer} descriptors (its socket, and on epoll the guard socket
     * that answers foreign TIDs; the file's channel is shared by the transfers of that file), and
     * the rest of the process keeps a reserve of an eighth of the limit, at least 1024 (the
     * request port, HTTP connections, the lease journal, logs, the JVM's own). Past the limit a
     * transfer could not bind its port and the client would get an ERROR, which ends a PXE
     * ROM's boot; a full table instead leaves the request unanswered and the client asks again.
     * {@code limit} below 1 is unknown: no bound.
     */
    static int tableSize(int configured, int perTransfer, long limit) {
        if (limit < 1) {
            return configured;
        }
        long fit = (limit - Math.max(1024, limit / 8)) / perTransfer;
        return (int) Math.max(1, Math.min(configured, fit));
    }

    /** The process's open-file limit, or -1 when the platform does not say. */
    private static long openFileLimit() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean u
                ? u.getMaxFileDescriptorCount() : -1;
    }

    /** The configuration in force. */
    public TftpServerConfig config() {
        return ctx.config();
    }

    /**
     * Stops: closes the request port, ends every transfer (its client gets an ERROR, the listener
     * a SHUTDOWN failure), stops the file threads and, when the server made it, the event loops.
     */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        for (Transfer t : ctx.registry().active()) {
            t.shutdown();
        }
        shutdownResources();
    }

    private void shutdownResources() {
        if (ctx != null) {
            // Unused runs now; each run still in use when its last transfer ends (they are
            // ending: shutdown() above), or a read still under way when it completes.
            ctx.chunks().close();
        }
        files.shutdown();
        if (ownsGroup) {
            ctx.group().shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        try {
            files.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Builds and starts a {@link TftpServer}. */
    public static final class Builder {
        private InetSocketAddress bind = new InetSocketAddress(69);
        private FileSource source;
        private TftpServerConfig config = TftpServerConfig.defaults();
        private TftpListener listener = TftpListener.NONE;
        private OptionPolicy policy = OptionPolicy.ALL;
        private EventLoopGroup group;
        private FastPath fastPath = FastPath.on();
        private int threads = Math.min(2, Runtime.getRuntime().availableProcessors());

        private Builder() {}

        /** Address and port of the request port (default 0.0.0.0:69; port 0 picks a free one). */
        public Builder bind(InetSocketAddress address) {
            this.bind = Objects.requireNonNull(address, "bind");
            return this;
        }

        /** Where files come from (required). */
        public Builder fileSource(FileSource source) {
            this.source = Objects.requireNonNull(source, "fileSource");
            return this;
        }

        /** Limits (default {@link TftpServerConfig#defaults()}). */
        public Builder config(TftpServerConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Who hears about transfers (default none). */
        public Builder listener(TftpListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Which options each client may negotiate (default all). */
        public Builder optionPolicy(OptionPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "optionPolicy");
            return this;
        }

        /**
         * Event loops shared with other servers; the TFTP server then neither makes nor shuts
         * down its own. Epoll and NIO groups both work. The server's own groups poll as its
         * {@link #fastPath} says; make a shared group with {@link FastPath#ioHandlerFactory()}
         * for the same speed on lockstep transfers.
         */
        public Builder eventLoopGroup(EventLoopGroup group) {
            this.group = Objects.requireNonNull(group, "eventLoopGroup");
            return this;
        }

        /**
         * Event loop threads when the server makes its own group (default: 2, or 1 on one core),
         * 1..64. That group polls as {@link #fastPath} says.
         */
        public Builder threads(int threads) {
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("threads: " + threads + " (expected: 1..64)");
            }
            this.threads = threads;
            return this;
        }

        /** The speed-ups (default {@link FastPath#on()}; {@link FastPath#off()} for plain Netty). */
        public Builder fastPath(FastPath fastPath) {
            this.fastPath = Objects.requireNonNull(fastPath, "fastPath");
            return this;
        }

        /** Binds and starts serving. */
        public TftpServer start() {
            if (source == null) {
                throw new IllegalStateException("fileSource: not set (expected: a FileSource)");
            }
            if (config.writeEnabled() && !Files.isDirectory(config.uploadDirectory())) {
                throw new IllegalArgumentException("uploadDirectory: " + config.uploadDirectory() + " (expected: a directory)");
            }
            return new TftpServer(this);
        }
    }

}
