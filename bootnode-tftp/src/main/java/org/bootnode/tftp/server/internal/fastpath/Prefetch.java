package org.bootnode.tftp.server.internal.fastpath;

import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.bootnode.tftp.server.TftpFile;

/**
 * Brings the next block of a lockstep transfer into this CPU's cache while the event loop has
 * nothing else to do but poll for the block's ACK, so that the block's send copies it from the
 * cache rather than from memory.
 *
 * <p>A block sent from the page cache ({@code ReadTransfer}, from blksize 8192) is copied once,
 * by the kernel, from the file's pages into the datagram, and that copy is on the path from an
 * ACK to the next DATA: at blksize 65464 it reads 64 KiB that have not been touched since the
 * file was last served, most of a block's answer. tftpd-hpa reads its next block right after
 * each send, while the client works, and answers the ACK with a send from a buffer still in the
 * cache. This does the same without a second send path: a positional read of the block into a
 * scratch buffer of the loop's own, done where {@link AdaptivePolling} is about to poll, which
 * leaves the file's bytes (and the scratch buffer) in the cache for the send that follows. The
 * read goes through {@link TftpFile#read}, never through the mapping: Java still never reads a
 * mapped page (see {@code ChannelFile}).
 *
 * <p>Bounded and cheap to ignore: each loop holds at most one pending block, a newer one
 * replaces it, and it runs only when the loop is idle and about to poll: under load, when events
 * are always ready, or on a loop that does not poll, nothing runs and nothing is read twice.
 * Called only from the loop's own thread.
 */
public final class Prefetch {
    /** The largest block: RFC 2348's 65464. */
    static final int MAX_BLOCK = 65464;

    private static final FastThreadLocal<Prefetch> LOOP = new FastThreadLocal<>() {
        @Override
        protected Prefetch initialValue() {
            return new Prefetch();
        }
    };

    private TftpFile file;
    private long position;
    private int length;
    private ByteBuffer scratch;

    Prefetch() {}

    /**
     * Asks this thread's loop to read {@code length} bytes of {@code file} at {@code position}
     * when it is next idle; replaces the block asked for before. The bytes must be in the page
     * cache (the read runs on the loop).
     */
    public static void offer(TftpFile file, long position, int length) {
        LOOP.get().set(file, position, length);
    }

    /** Drops the pending block when it is of {@code file} (its transfer ended: the file closes). */
    public static void forget(TftpFile file) {
        if (LOOP.isSet()) {
            LOOP.get().clear(file);
        }
    }

    /** Reads the pending block, if any: what the loop does when idle (see {@link AdaptivePolling}). */
    static void runPending() {
        if (LOOP.isSet()) {
            LOOP.get().run();
        }
    }

    void set(TftpFile f, long at, int n) {
        if (n <= 0 || n > MAX_BLOCK) {
            throw new IllegalArgumentException("length: " + n + " (expected: 1.." + MAX_BLOCK + ")");
        }
        file = f;
        position = at;
        length = n;
    }

    void clear(TftpFile f) {
        if (file == f) {
            file = null;
        }
    }

    /** Whether a block is pending. */
    boolean pending() {
        return file != null;
    }

    void run() {
        TftpFile f = file;
        if (f == null) {
            return;
        }
        file = null;
        if (scratch == null) {
            scratch = ByteBuffer.allocateDirect(MAX_BLOCK);
        }
        scratch.clear().limit(length);
        try {
            while (scratch.hasRemaining() && f.read(scratch, position + scratch.position()) > 0) {
                // positional reads until the block is in
            }
        } catch (IOException | RuntimeException e) {
            // Only a warm-up: the send reads the file itself and reports what goes wrong.
        }
    }
}
