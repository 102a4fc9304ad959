package org.bootnode.tftp.internal;

/**
 * The sending side of a transfer (a server's RRQ, a client's put) as a pure state machine over
 * absolute block numbers: block 0 stands for the OACK, block n for bytes
 * {@code (n-1)*blksize ...}. Time comes in as arguments; the caller sends what it is told to.
 *
 * <p>Rules: RFC 7440 windows (the receiver ACKs the last block of a window, or an earlier one to
 * say where it wants to resume); resend only on timeout, never because an ACK came twice
 * (RFC 1123 §4.2.3.1, the Sorcerer's Apprentice bug); 16-bit wire numbers roll over to 0 as
 * tftp-hpa and iPXE expect.
 *
 * <p>Consecutive timeouts back off exponentially (RFC 1123 §4.2.3.2) up to
 * {@code max(8 × timeout, 3 s)}. Without it a client that ignores repeated DATA and restarts its
 * wait on each one (busybox does both, and backs off to 2 s) never resends its lost ACK: our
 * resends would keep resetting its wait.
 *
 * <p>{@link Limits} bound what a silent peer can hold: the backoff stops at
 * {@code max(timeout, maxBackoff)} (so a peer's own {@code timeout 255} is not multiplied to
 * 2040 s), and the transfer fails once nothing moved it on for {@code maxStall}, or once it has
 * run for {@code maxTime}, whatever retries remain.
 */
public final class BlockSender {
    /** What the caller must do next. */
    public sealed interface Step permits Send, Done, Failed, Ignore {}

    /** Send blocks {@code first..last} (inclusive); block 0 means the OACK. */
    public record Send(long first, long last) implements Step {}

    /** The last block was acknowledged. */
    public record Done() implements Step {}

    /** Retries ran out. */
    public record Failed(String reason) implements Step {}

    /** Nothing to do; why, for the listener. */
    public record Ignore(String reason) implements Step {}

    private final long size;
    private final int blockSize;
    private final int window;
    private final long timeoutNanos;
    private final int maxRetries;
    private final long lastBlock;
    private final long maxIntervalNanos;
    private final long maxStallNanos;
    private final long maxTimeNanos;

    private long acked;
    private long sentHigh;
    private long deadline;
    private int retries;
    private boolean finished;
    private long startedAt;
    /** When the transfer last moved on (its start, or an ACK of a new block). */
    private long progressAt;

    /** A sender bounded by its retries only ({@link Limits#NONE}). */
    public BlockSender(long size, int blockSize, int window, boolean withOack, long timeoutNanos, int maxRetries) {
        this(size, blockSize, window, withOack, timeoutNanos, maxRetries, Limits.NONE);
    }

    /**
     * Bounds on a transfer's time, in nanoseconds ({@link Long#MAX_VALUE}: none).
     *
     * @param maxBackoff the backoff doubles up to {@code max(timeout, min(max(8 × timeout, 3 s), maxBackoff))}
     * @param maxStall the longest time without an ACK of a new block
     * @param maxTime the longest time of the whole transfer
     */
    public record Limits(long maxBackoff, long maxStall, long maxTime) {
        /** No bound beyond the retries and the default backoff. */
        public static final Limits NONE = new Limits(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);

        public Limits {
            if (maxBackoff <= 0 || maxStall <= 0 || maxTime <= 0) {
                throw new IllegalArgumentException("limits: " + maxBackoff + ", " + maxStall + ", " + maxTime + " (expected: > 0)");
            }
        }
    }

    /**
     * @param size bytes to send
     * @param withOack true when an OACK goes first (and ACK 0 is awaited)
     */
    public BlockSender(long size, int blockSize, int window, boolean withOack, long timeoutNanos, int maxRetries,
                       Limits limits) {
        if (blockSize < 1 || window < 1 || size < 0) {
            throw new IllegalArgumentException("size " + size + ", blksize " + blockSize + ", window " + window);
        }
        this.size = size;
        this.blockSize = blockSize;
        this.window = window;
        this.timeoutNanos = timeoutNanos;
        this.maxRetries = maxRetries;
        this.lastBlock = size / blockSize + 1;
        this.acked = withOack ? -1 : 0;
        long doubled = timeoutNanos > Long.MAX_VALUE / 8 ? Long.MAX_VALUE : 8 * timeoutNanos;
        this.maxIntervalNanos = Math.max(timeoutNanos, Math.min(Math.max(doubled, 3_000_000_000L), limits.maxBackoff()));
        this.maxStallNanos = limits.maxStall();
        this.maxTimeNanos = limits.maxTime();
    }

    /** The first packets to send. */
    public Step start(long now) {
        startedAt = now;
        progressAt = now;
        return sendFrom(acked + 1, now);
    }

    /** An ACK with a 16-bit block number arrived. */
    public Step onAck(int wireBlock, long now) {
        if (finished) {
            return new Ignore("transfer already finished");
        }
        long abs = acked + 1 + ((wireBlock - (acked + 1)) & 0xFFFF);
        if (abs > sentHigh) {
            // A duplicate of an ACK already handled (it maps a whole wrap ahead) or a block never
            // sent: answering it would be the Sorcerer's Apprentice.
            return new Ignore("stale or duplicate ACK " + wireBlock);
        }
        acked = abs;
        retries = 0;
        progressAt = now;
        if (acked == lastBlock) {
            finished = true;
            return new Done();
        }
        // Either the whole window arrived, or the receiver asks to resume after an earlier block
        // (RFC 7440 §4): both mean a new window from the next block.
        return sendFrom(acked + 1, now);
    }

    /** Called at or after {@link #deadline()}: resends the unacknowledged window, or gives up. */
    public Step onTimeout(long now) {
        if (finished) {
            return new Ignore("transfer already finished");
        }
        if (now - deadline < 0) {
            return new Ignore("not yet due");
        }
        if (now - progressAt >= maxStallNanos) {
            finished = true;
            return new Failed("no ACK for " + (now - progressAt) / 1_000_000 + " ms (block " + (acked + 1) + ")");
        }
        if (now - startedAt >= maxTimeNanos) {
            finished = true;
            return new Failed("transfer ran for " + (now - startedAt) / 1_000_000 + " ms, over the limit (block " + (acked + 1) + ")");
        }
        if (++retries > maxRetries) {
            finished = true;
            return new Failed("no ACK after " + maxRetries + " retries (block " + (acked + 1) + ")");
        }
        return sendFrom(acked + 1, now);
    }

    private Step sendFrom(long first, long now) {
        long last = first == 0 ? 0 : Math.min(first + window - 1, lastBlock);
        sentHigh = last;
        long due = now + interval(retries);
        due = sooner(due, after(progressAt, maxStallNanos));
        deadline = sooner(due, after(startedAt, maxTimeNanos));
        return new Send(first, last);
    }

    /** {@code from + wait}, or a time far enough ahead never to come when the wait is unbounded. */
    private static long after(long from, long wait) {
        return from + Math.min(wait, Long.MAX_VALUE >> 2);
    }

    /** The earlier of two times on a clock that may wrap. */
    private static long sooner(long a, long b) {
        return b - a < 0 ? b : a;
    }

    /** The wait after {@code retries} consecutive timeouts: doubling, capped. */
    long interval(int retries) {
        if (retries >= 30 || timeoutNanos > (Long.MAX_VALUE >> retries)) {
            return maxIntervalNanos;
        }
        return Math.min(timeoutNanos << retries, maxIntervalNanos);
    }

    /** When the next timeout is due (in the caller's clock). */
    public long deadline() {
        return deadline;
    }

    /** True after Done or Failed. */
    public boolean finished() {
        return finished;
    }

    /** Highest block acknowledged so far (-1 before the OACK is acknowledged). */
    public long acked() {
        return acked;
    }

    /** Payload bytes of a full block. */
    public int blockSize() {
        return blockSize;
    }

    /** Number of the last block (the short one, possibly empty). */
    public long lastBlock() {
        return lastBlock;
    }

    /** File offset of a block (block 1 starts at 0). */
    public long offset(long block) {
        return (block - 1) * blockSize;
    }

    /** Payload length of a block. */
    public int length(long block) {
        return (int) Math.min(blockSize, size - offset(block));
    }

    /** Bytes acknowledged so far. */
    public long bytesAcked() {
        return acked <= 0 ? 0 : Math.min(size, acked * blockSize);
    }

    /** The 16-bit wire number of an absolute block. */
    public static int wire(long block) {
        return (int) (block & 0xFFFF);
    }
}
