package org.bootnode.tftp.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.bootnode.tftp.TftpOptions;

/**
 * The server's limits. Defaults: blksize up to 65464, window up to 64 blocks, 1 s
 * retransmission timeout (a client's {@code timeout} option replaces it), 5 retries, resends
 * backing off to at most 8 s apart, a transfer given up after 60 s without an ACK of a new
 * block or after 30 min in all, 16,384 transfers at once and 16 per client address, 4
 * file-reading threads, 64 MiB of shared DATA packets, a 4 MiB receive buffer for requests,
 * writes refused, uploads up to 64 MiB, netascii files up to 16 MiB.
 *
 * <p>Why these bound a hostile client: a transfer that never hears back gives its place up
 * after {@link #maxStall()} whatever {@code timeout} its request asked for, and a request that
 * finds the table full (or its address at its limit) takes the place of the oldest transfer
 * that has not yet heard its first ACK (see {@link #maxTransfers()}).
 *
 * <p>Why 16,384 places: in a boot storm every node asks within seconds and a transfer's blocks
 * go one round trip at a time, so transfers overlap by about the node count (bench/storm: at
 * 5,000 and 10,000 nodes, 1,024 places left nodes unadmitted through all their retries). A
 * place holds references to shared packets ({@link #packetCacheSize()}), not copies, and two
 * descriptors; the server holds the table to its open-file limit ({@code TftpServer#maxTransfers()}).
 */
public final class TftpServerConfig {
    private final int maxBlockSize;
    private final int maxWindowSize;
    private final Duration timeout;
    private final int retries;
    private final Duration maxBackoff;
    private final Duration maxStall;
    private final Duration maxTransferTime;
    private final int maxTransfers;
    private final int maxTransfersPerClient;
    private final int fileThreads;
    private final boolean writeEnabled;
    private final Path uploadDirectory;
    private final long maxUploadSize;
    private final long maxNetasciiSize;
    private final long packetCacheSize;
    private final int receiveBufferBytes;

    private TftpServerConfig(Builder b) {
        this.maxBlockSize = b.maxBlockSize;
        this.maxWindowSize = b.maxWindowSize;
        this.timeout = b.timeout;
        this.retries = b.retries;
        this.maxBackoff = b.maxBackoff;
        this.maxStall = b.maxStall;
        this.maxTransferTime = b.maxTransferTime;
        this.maxTransfers = b.maxTransfers;
        this.maxTransfersPerClient = b.maxTransfersPerClient;
        this.fileThreads = b.fileThreads;
        this.writeEnabled = b.writeEnabled;
        this.uploadDirectory = b.uploadDirectory;
        this.maxUploadSize = b.maxUploadSize;
        this.maxNetasciiSize = b.maxNetasciiSize;
        this.packetCacheSize = b.packetCacheSize;
        this.receiveBufferBytes = b.receiveBufferBytes;
    }

    /** The defaults. */
    public static TftpServerConfig defaults() {
        return builder().build();
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxBlockSize = maxBlockSize;
        b.maxWindowSize = maxWindowSize;
        b.timeout = timeout;
        b.retries = retries;
        b.maxBackoff = maxBackoff;
        b.maxStall = maxStall;
        b.maxTransferTime = maxTransferTime;
        b.maxTransfers = maxTransfers;
        b.maxTransfersPerClient = maxTransfersPerClient;
        b.fileThreads = fileThreads;
        b.packetCacheSize = packetCacheSize;
        b.receiveBufferBytes = receiveBufferBytes;
        b.writeEnabled = writeEnabled;
        b.uploadDirectory = uploadDirectory;
        b.maxUploadSize = maxUploadSize;
        b.maxNetasciiSize = maxNetasciiSize;
        return b;
    }

    /** Largest block size granted; larger requests get this. */
    public int maxBlockSize() {
        return maxBlockSize;
    }

    /** Largest window granted; larger requests get this. */
    public int maxWindowSize() {
        return maxWindowSize;
    }

    /** Retransmission timeout when the client sends no {@code timeout} option. */
    public Duration timeout() {
        return timeout;
    }

    /** Resends of one window before the transfer fails. */
    public int retries() {
        return retries;
    }

    /**
     * The longest wait between two resends of a window: consecutive timeouts double the wait
     * (RFC 1123 §4.2.3.2) up to {@code 8 × timeout} (at least 3 s) but never past this, unless
     * the timeout itself is longer (a client's {@code timeout} option is used as asked, never
     * multiplied past it).
     */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /**
     * A transfer that has heard no ACK of a new block (or DATA, for an upload) for this long
     * fails, whatever retries remain: what a silent client can hold a place for.
     */
    public Duration maxStall() {
        return maxStall;
    }

    /** A transfer still running after this long fails: what a client that ACKs ever so slowly can hold a place for. */
    public Duration maxTransferTime() {
        return maxTransferTime;
    }

    /**
     * Transfers at once. A request past it takes the place of the oldest transfer that has not
     * yet heard its first ACK (a client that asked and went silent, or a forged source address:
     * a real client ACKs within one round trip), which ends with ERROR 0 "server busy"; when
     * every transfer has heard from its client, the request is not answered (its client asks
     * again). Each transfer holds two open files (its socket and the guard socket on epoll),
     * so the server holds the table to what its open-file limit allows.
     */
    public int maxTransfers() {
        return maxTransfers;
    }

    /**
     * Transfers at once from one client address; past it, as for {@link #maxTransfers()}, the
     * oldest of that address's transfers without a first ACK makes way, else ERROR 0.
     */
    public int maxTransfersPerClient() {
        return maxTransfersPerClient;
    }

    /** Threads that open and read files off the event loops. */
    public int fileThreads() {
        return fileThreads;
    }

    /** True when write requests are served. */
    public boolean writeEnabled() {
        return writeEnabled;
    }

    /** Where uploads go (null when writes are refused). */
    public Path uploadDirectory() {
        return uploadDirectory;
    }

    /** Largest upload in bytes. */
    public long maxUploadSize() {
        return maxUploadSize;
    }

    /** Largest file served in netascii mode (converted in memory); a larger one gets ERROR 0 saying so. */
    public long maxNetasciiSize() {
        return maxNetasciiSize;
    }

    /**
     * Bytes of ready-to-send DATA packets shared by the transfers of one file at one block size
     * (default 64 MiB: a boot program of a few MiB served to a whole cluster at several block
     * sizes, with room to spare). A transfer holds references to at most two runs of about
     * 128 KiB, not copies, so the transfer table can be sized to the cluster. When every
     * shared run is in use and no more fit, a transfer reads runs of its own, as much again at
     * most; past that its next read waits for its retransmission timer.
     */
    public long packetCacheSize() {
        return packetCacheSize;
    }

    /**
     * The receive buffer (SO_RCVBUF) of the socket that takes requests (default 4 MiB): when a
     * whole cluster powers on, thousands of read requests arrive within seconds while the event
     * loops are busy sending, and a request the full buffer drops costs its client a resend a
     * second later (the kernel's default, about 208 KiB, holds a few hundred). The kernel caps it
     * at {@code net.core.rmem_max}. A transfer's own socket keeps the default: it has one ACK
     * (or one window's) in flight.
     */
    public int receiveBufferBytes() {
        return receiveBufferBytes;
    }

    /** Builds a {@link TftpServerConfig}. */
    public static final class Builder {
        private int maxBlockSize = TftpOptions.MAX_BLKSIZE;
        private int maxWindowSize = 64;
        private Duration timeout = Duration.ofSeconds(1);
        private int retries = 5;
        private Duration maxBackoff = Duration.ofSeconds(8);
        private Duration maxStall = Duration.ofSeconds(60);
        private Duration maxTransferTime = Duration.ofMinutes(30);
        private int maxTransfers = 16_384;
        private int maxTransfersPerClient = 16;
        private int fileThreads = 4;
        private boolean writeEnabled;
        private Path uploadDirectory;
        private long maxUploadSize = 64L << 20;
        private long maxNetasciiSize = 16L << 20;
        private long packetCacheSize = 64L << 20;
        private int receiveBufferBytes = 4 << 20;

        private Builder() {}

        /** Largest block size granted, 512..65464. */
        public Builder maxBlockSize(int v) {
            range("maxBlockSize", v, TftpOptions.DEFAULT_BLKSIZE, TftpOptions.MAX_BLKSIZE);
            maxBlockSize = v;
            return this;
        }

        /** Largest window granted, 1..65535. */
        public Builder maxWindowSize(int v) {
            range("maxWindowSize", v, 1, 65535);
            maxWindowSize = v;
            return this;
        }

        /** Retransmission timeout, 10 ms..255 s. */
        public Builder timeout(Duration v) {
            Objects.requireNonNull(v, "timeout");
            if (v.toMillis() < 10 || v.getSeconds() > 255) {
                throw new IllegalArgumentException("timeout: " + v + " (expected: PT0.01S..PT4M15S)");
            }
            timeout = v;
            return this;
        }

        /** Resends before giving up, 0..100. */
        public Builder retries(int v) {
            range("retries", v, 0, 100);
            retries = v;
            return this;
        }

        /** Longest wait between resends, 10 ms..255 s (see {@link TftpServerConfig#maxBackoff()}). */
        public Builder maxBackoff(Duration v) {
            maxBackoff = duration("maxBackoff", v, Duration.ofMillis(10), Duration.ofSeconds(255));
            return this;
        }

        /** Longest time without progress, 1 s..1 h (see {@link TftpServerConfig#maxStall()}). */
        public Builder maxStall(Duration v) {
            maxStall = duration("maxStall", v, Duration.ofSeconds(1), Duration.ofHours(1));
            return this;
        }

        /** Longest transfer, 1 s..24 h (see {@link TftpServerConfig#maxTransferTime()}). */
        public Builder maxTransferTime(Duration v) {
            maxTransferTime = duration("maxTransferTime", v, Duration.ofSeconds(1), Duration.ofHours(24));
            return this;
        }

        /** Transfers at once, 1..100000. */
        public Builder maxTransfers(int v) {
            range("maxTransfers", v, 1, 100_000);
            maxTransfers = v;
            return this;
        }

        /** Transfers at once per client address, 1..100000. */
        public Builder maxTransfersPerClient(int v) {
            range("maxTransfersPerClient", v, 1, 100_000);
            maxTransfersPerClient = v;
            return this;
        }

        /** File threads, 1..256. */
        public Builder fileThreads(int v) {
            range("fileThreads", v, 1, 256);
            fileThreads = v;
            return this;
        }

        /** Serves write requests into {@code directory} (which must exist), each at most {@code maxSize} bytes. */
        public Builder writeEnabled(Path directory, long maxSize) {
            Objects.requireNonNull(directory, "directory");
            if (maxSize < 0) {
                throw new IllegalArgumentException("maxUploadSize: " + maxSize + " (expected: 0 or more)");
            }
            writeEnabled = true;
            uploadDirectory = directory;
            maxUploadSize = maxSize;
            return this;
        }

        /** Refuses write requests (the default). */
        public Builder writeDisabled() {
            writeEnabled = false;
            uploadDirectory = null;
            return this;
        }

        /** Largest netascii file, 0..1 GiB. */
        public Builder maxNetasciiSize(long v) {
            if (v < 0 || v > (1L << 30)) {
                throw new IllegalArgumentException("maxNetasciiSize: " + v + " (expected: 0..1073741824)");
            }
            maxNetasciiSize = v;
            return this;
        }

        /**
         * Bytes of shared DATA packets, 8 MiB..16 GiB (see {@link TftpServerConfig#packetCacheSize()});
         * at least one run of the largest window ({@code maxWindowSize × (maxBlockSize + 4)}).
         */
        public Builder packetCacheSize(long v) {
            range("packetCacheSize", v, 8L << 20, 16L << 30);
            packetCacheSize = v;
            return this;
        }

        /** The request socket's receive buffer, 64 KiB..1 GiB (see {@link TftpServerConfig#receiveBufferBytes()}). */
        public Builder receiveBufferBytes(int v) {
            range("receiveBufferBytes", v, 64 << 10, 1 << 30);
            receiveBufferBytes = v;
            return this;
        }

        /** The configuration. */
        public TftpServerConfig build() {
            if (maxTransfersPerClient > maxTransfers) {
                maxTransfersPerClient = maxTransfers;
            }
            // One window's packets are read as one run: it must fit the cache's budget.
            long window = (long) maxWindowSize * (maxBlockSize + 4);
            if (window > packetCacheSize) {
                throw new IllegalArgumentException("maxWindowSize × (maxBlockSize + 4): " + window
                        + " bytes (expected: at most packetCacheSize, " + packetCacheSize + ")");
            }
            return new TftpServerConfig(this);
        }

        private static Duration duration(String what, Duration v, Duration min, Duration max) {
            Objects.requireNonNull(v, what);
            if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
                throw new IllegalArgumentException(what + ": " + v + " (expected: " + min + ".." + max + ")");
            }
            return v;
        }

        private static void range(String what, long v, long min, long max) {
            if (v < min || v > max) {
                throw new IllegalArgumentException(what + ": " + v + " (expected: " + min + ".." + max + ")");
            }
        }
    }
}
