package org.bootnode.tftp.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bootnode.tftp.TftpOptions;
import org.bootnode.tftp.TransferMode;
import org.bootnode.tftp.internal.Transport;
import org.bootnode.tftp.server.FastPath;

/**
 * A TFTP client on Netty: get and put with blksize, windowsize (RFC 7440), timeout and tsize.
 * Thread-safe; many transfers may run at once. Close it to free its event loop.
 */
public final class TftpClient implements AutoCloseable {
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final Settings settings;

    /** What a transfer asks for. */
    record Settings(int blockSize, int windowSize, Duration timeout, int retries, boolean tsize,
                    TransferMode mode, TftpOptions extra, InetSocketAddress localAddress) {}

    private TftpClient(Builder b) {
        this.group = b.group != null ? b.group : Transport.newGroup(1, "tftp-client", FastPath.on().ioHandlerFactory());
        this.ownsGroup = b.group == null;
        this.settings = new Settings(b.blockSize, b.windowSize, b.timeout, b.retries, b.tsize, b.mode, b.extra, b.localAddress);
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a file into memory, held once: sized from the server's {@code tsize} when it
     * announces one (at most 64 MiB ahead of the bytes).
     */
    public CompletableFuture<byte[]> getAsync(InetSocketAddress server, String filename) {
        DownloadBuffer memory = new DownloadBuffer();
        ClientTransfer t = ClientTransfer.get(settings, server, filename, memory);
        open(t);
        return t.result().thenApply(n -> memory.bytes());
    }

    /**
     * Reads a file into {@code out} and completes with the number of bytes written (decoded, in
     * netascii mode). {@code out} is written block by block on the client's event loop, so it
     * must not block; with {@code OutputStream.nullOutputStream()} the file is counted and not
     * kept (a load generator's thousands of downloads then hold no file in memory). A write that
     * throws ends the transfer (the server is sent ERROR 3) and fails the result with it. The
     * stream is not closed.
     */
    public CompletableFuture<Long> getAsync(InetSocketAddress server, String filename, OutputStream out) {
        Objects.requireNonNull(out, "out");
        ClientTransfer t = ClientTransfer.get(settings, server, filename, out);
        open(t);
        return t.result();
    }

    /** Writes bytes to a file on the server. */
    public CompletableFuture<Void> putAsync(InetSocketAddress server, String filename, byte[] data) {
        ClientTransfer t = ClientTransfer.put(settings, server, filename, data.clone());
        open(t);
        return t.result().thenApply(r -> null);
    }

    /** Reads a file into memory, waiting for the end. */
    public byte[] get(InetSocketAddress server, String filename) throws IOException {
        return await(getAsync(server, filename));
    }

    /** Reads a file into {@code target}. */
    public void get(InetSocketAddress server, String filename, Path target) throws IOException {
        Files.write(target, get(server, filename));
    }

    /** Writes bytes to a file on the server, waiting for the end. */
    public void put(InetSocketAddress server, String filename, byte[] data) throws IOException {
        await(putAsync(server, filename, data));
    }

    private void open(ClientTransfer t) {
        InetSocketAddress local = settings.localAddress() != null ? settings.localAddress() : new InetSocketAddress(0);
        new Bootstrap()
                .group(group)
                .channelFactory(Transport.datagramChannels(group))
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65536))
                .option(ChannelOption.SO_RCVBUF, 4 << 20)
                .handler(t)
                .bind(local)
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        t.result().completeExceptionally(f.cause());
                    }
                });
    }

    private static <T> T await(CompletableFuture<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            throw new IOException(c);
        }
    }

    @Override
    public void close() {
        if (ownsGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Builds a {@link TftpClient}. */
    public static final class Builder {
        private int blockSize = TftpOptions.DEFAULT_BLKSIZE;
        private int windowSize = 1;
        private Duration timeout = Duration.ofSeconds(1);
        private int retries = 5;
        private boolean tsize = true;
        private TransferMode mode = TransferMode.OCTET;
        private TftpOptions extra = TftpOptions.empty();
        private InetSocketAddress localAddress;
        private EventLoopGroup group;

        private Builder() {}

        /** Block size to ask for, 8..65464 (512 asks for nothing). */
        public Builder blockSize(int v) {
            if (v < TftpOptions.MIN_BLKSIZE || v > TftpOptions.MAX_BLKSIZE) {
                throw new IllegalArgumentException("blksize: " + v + " (expected: 8..65464)");
            }
            blockSize = v;
            return this;
        }

        /** Window to ask for, 1..65535 (1 asks for nothing). */
        public Builder windowSize(int v) {
            if (v < 1 || v > 65535) {
                throw new IllegalArgumentException("windowsize: " + v + " (expected: 1..65535)");
            }
            windowSize = v;
            return this;
        }

        /** Retransmission timeout (whole seconds are also sent as the {@code timeout} option). */
        public Builder timeout(Duration v) {
            if (v.toMillis() < 10 || v.getSeconds() > 255) {
                throw new IllegalArgumentException("timeout: " + v + " (expected: PT0.01S..PT4M15S)");
            }
            timeout = v;
            return this;
        }

        /** Resends before giving up, 0..100. */
        public Builder retries(int v) {
            if (v < 0 || v > 100) {
                throw new IllegalArgumentException("retries: " + v + " (expected: 0..100)");
            }
            retries = v;
            return this;
        }

        /** Whether to ask for or announce {@code tsize} (default true). */
        public Builder tsize(boolean v) {
            tsize = v;
            return this;
        }

        /** Transfer mode (default octet). */
        public Builder mode(TransferMode v) {
            if (v == TransferMode.MAIL) {
                throw new IllegalArgumentException("mode: mail (expected: octet or netascii)");
            }
            mode = Objects.requireNonNull(v, "mode");
            return this;
        }

        /** Further options sent as they are (for tests of a server's negotiation). */
        public Builder extraOptions(TftpOptions v) {
            extra = Objects.requireNonNull(v, "extraOptions");
            return this;
        }

        /** Local address to bind (default any address, a free port). */
        public Builder localAddress(InetSocketAddress v) {
            localAddress = v;
            return this;
        }

        /** Event loops to use (not shut down by {@link TftpClient#close()}). */
        public Builder eventLoopGroup(EventLoopGroup v) {
            group = Objects.requireNonNull(v, "eventLoopGroup");
            return this;
        }

        /** The client. */
        public TftpClient build() {
            return new TftpClient(this);
        }
    }
}
