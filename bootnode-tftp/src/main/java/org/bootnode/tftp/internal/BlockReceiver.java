package org.bootnode.tftp.internal;

/**
 * The receiving side of a transfer (a client's get, a server's WRQ) as a pure state machine.
 * Blocks must arrive in order; the receiver ACKs the last block of each window, the short final
 * block, and, once per gap, the last in-order block so the sender resumes after it (RFC 7440
 * §4). A repeat of the block last acknowledged is ACKed again (the ACK was lost); other repeats
 * are ignored.
 */
public final class BlockReceiver {
    /** What to do with a DATA packet. */
    public record Step(boolean accept, long ack, boolean last, String ignored) {
        /** True when an ACK must be sent. */
        public boolean sendAck() {
            return ack >= 0;
        }
    }

    private final int blockSize;
    private final int window;
    private final long timeoutNanos;
    private final int maxRetries;

    private long received;
    private int sinceAck;
    private boolean gapAcked;
    private boolean finished;
    private long deadline;
    private int retries;

    /** A receiver expecting block 1 next. */
    public BlockReceiver(int blockSize, int window, long timeoutNanos, int maxRetries, long now) {
        this.blockSize = blockSize;
        this.window = window;
        this.timeoutNanos = timeoutNanos;
        this.maxRetries = maxRetries;
        this.deadline = now + timeoutNanos;
    }

    /** A DATA packet with a 16-bit block number and {@code length} payload bytes arrived. */
    public Step onData(int wireBlock, int length, long now) {
        if (finished) {
            // Our final ACK was lost: the sender resends the last block.
            return wireBlock == BlockSender.wire(received)
                    ? new Step(false, received, true, "repeat of the last block")
                    : new Step(false, -1, true, "transfer already finished");
        }
        if (length > blockSize) {
            return new Step(false, -1, false, "DATA of " + length + " bytes (blksize " + blockSize + ")");
        }
        int distance = (wireBlock - BlockSender.wire(received + 1)) & 0xFFFF;
        if (distance == 0) {
            received++;
            retries = 0;
            deadline = now + timeoutNanos;
            gapAcked = false;
            boolean last = length < blockSize;
            if (last) {
                finished = true;
            }
            if (last || ++sinceAck >= window) {
                sinceAck = 0;
                return new Step(true, received, last, null);
            }
            return new Step(true, -1, false, null);
        }
        if (distance < 0x8000) {
            // A gap: something before this block was lost. Tell the sender once where to resume.
            if (!gapAcked) {
                gapAcked = true;
                sinceAck = 0;
                return new Step(false, received, false, "block " + wireBlock + " ahead of a gap");
            }
            return new Step(false, -1, false, "block " + wireBlock + " ahead of a gap");
        }
        if (wireBlock == BlockSender.wire(received) && sinceAck == 0) {
            return new Step(false, received, false, "repeat of acknowledged block " + wireBlock);
        }
        return new Step(false, -1, false, "old block " + wireBlock);
    }

    /**
     * Called at or after {@link #deadline()}: the ACK to resend (the last in-order block), or -2
     * when retries ran out, or -1 when not due.
     */
    public long onTimeout(long now) {
        if (finished || now - deadline < 0) {
            return -1;
        }
        if (++retries > maxRetries) {
            finished = true;
            return -2;
        }
        deadline = now + timeoutNanos;
        sinceAck = 0;
        return received;
    }

    /** Highest block received in order. */
    public long received() {
        return received;
    }

    /** When the next timeout is due. */
    public long deadline() {
        return deadline;
    }

    /** True once the short final block arrived, or retries ran out. */
    public boolean finished() {
        return finished;
    }
}
