package org.bootnode.tftp.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.bootnode.tftp.TftpOptions;

/**
 * The server's limits. Defaults: blksize up to 65464, window up to 64 blocks, 1 s
 * retransmission timeout (a client's {@code timeout} option replaces it), 5 retries, 512
 * transfers at once and 16 per client address, 4 file-reading threads, writes refused, uploads
 * up to 64 MiB, netascii files up to 16 MiB.
 */
public final class TftpServerConfig {
    private final int maxBlockSize;
    private final int maxWindowSize;
    private final Duration timeout;
    private final int retries;
    private final int maxTransfers;
    private final int maxTransfersPerClient;
    private final int fileThreads;
    private final boolean writeEnabled;
    private final Path uploadDirectory;
    private final long maxUploadSize;
    private final long maxNetasciiSize;

    private TftpServerConfig(Builder b) {
        this.maxBlockSize = b.maxBlockSize;
        this.maxWindowSize = b.maxWindowSize;
        this.timeout = b.timeout;
        this.retries = b.retries;
        this.maxTransfers = b.maxTransfers;
        this.maxTransfersPerClient = b.maxTransfersPerClient;
        this.fileThreads = b.fileThreads;
        this.writeEnabled = b.writeEnabled;
        this.uploadDirectory = b.uploadDirectory;
        this.maxUploadSize = b.maxUploadSize;
        this.maxNetasciiSize = b.maxNetasciiSize;
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
        b.maxTransfers = maxTransfers;
        b.maxTransfersPerClient = maxTransfersPerClient;
        b.fileThreads = fileThreads;
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

    /** Transfers at once; past it a request gets ERROR 0 "server busy". */
    public int maxTransfers() {
        return maxTransfers;
    }

    /** Transfers at once from one client address. */
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

    /** Builds a {@link TftpServerConfig}. */
    public static final class Builder {
        private int maxBlockSize = TftpOptions.MAX_BLKSIZE;
        private int maxWindowSize = 64;
        private Duration timeout = Duration.ofSeconds(1);
        private int retries = 5;
        private int maxTransfers = 512;
        private int maxTransfersPerClient = 16;
        private int fileThreads = 4;
        private boolean writeEnabled;
        private Path uploadDirectory;
        private long maxUploadSize = 64L << 20;
        private long maxNetasciiSize = 16L << 20;

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

        /** The configuration. */
        public TftpServerConfig build() {
            if (maxTransfersPerClient > maxTransfers) {
                maxTransfersPerClient = maxTransfers;
            }
            return new TftpServerConfig(this);
        }

        private static void range(String what, long v, long min, long max) {
            if (v < min || v > max) {
                throw new IllegalArgumentException(what + ": " + v + " (expected: " + min + ".." + max + ")");
            }
        }
    }
}
