package org.bootnode.image.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bootnode.image.initramfs.Compression;
import org.bootnode.image.initramfs.CompressionOptions;

/**
 * Turns a sequence of segments (uncompressed newc archives) into the concatenation of their
 * compressed forms, in order, compressing up to {@code threads} segments at once.
 *
 * <p>Two ways in. {@link #submit} hands over a segment as a {@link Body} that writes its own
 * bytes: the worker thread runs it, so reading the input, writing the archive and compressing
 * it all happen on the worker, and the caller moves on to the next segment at once. This is the
 * fast path: the workers never wait for one producer. {@link #begin}/{@link #end} take a
 * segment as a stream from the caller, cut into pieces through a short queue; the producer then
 * feeds one worker at a time, at that worker's speed (for streams, like tar, whose cut points
 * are not known ahead).
 *
 * <p>Memory is bounded: at most {@code threads + 1} segments are in flight (running, queued, or
 * finished and waiting for the ones before them). The oldest segment writes its compressed
 * output straight to the target; a later one keeps at most {@code spillThreshold} bytes of it in
 * memory, the rest in a temporary file, until its turn comes.
 * With one thread, or for an uncompressed segment, bytes go straight to the target.
 */
public final class SegmentPipeline implements AutoCloseable {
    private static final int PIECE = 256 * 1024;
    private static final byte[] END = new byte[0];

    private final CountingStream target;
    private final CompressionOptions options;
    private final Deque<Job> outstanding = new ArrayDeque<>();
    private final ExecutorService workers;
    private final SpillBuffer.ChunkPool chunks;
    private OutputStream current;
    private boolean closed;

    /** A pipeline writing to {@code target}, which it does not close. */
    public SegmentPipeline(OutputStream target, CompressionOptions options) {
        this.target = new CountingStream(target);
        this.options = options;
        // enough for every segment that may wait at once (threads + 1 in flight)
        this.chunks = new SpillBuffer.ChunkPool((options.threads() + 1)
                * (int) Math.min(4096, (options.spillThreshold() + SpillBuffer.CHUNK - 1L) / SpillBuffer.CHUNK));
        this.workers = options.threads() > 1 ? Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "bootnode-compress");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** Starts a segment; the returned stream takes its uncompressed bytes until {@link #end()}. */
    public OutputStream begin(Compression compression) throws IOException {
        if (current != null) {
            throw new IllegalStateException("segment already open");
        }
        if (workers == null || compression == Compression.NONE) {
            drainAll();
            if (compression == Compression.NONE) {
                // buffer-format.rst: an uncompressed archive must start at a 4-byte aligned offset.
                int pad = (int) (-target.count & 3);
                target.write(new byte[pad]);
            }
            current = Compressors.open(compression, options, options.segmentSize(), target);
        } else {
            Queue queue = new Queue();
            Job job = start(compression, queue);
            queue.job = job;
            current = new PieceStream(queue);
        }
        return current;
    }

    /**
     * Adds a whole segment whose uncompressed bytes {@code body} writes; with several threads it
     * runs on a worker (so it must not touch the caller's state without care) and this returns
     * as soon as the segment is queued.
     */
    public void submit(Compression compression, Body body) throws IOException {
        if (current != null) {
            throw new IllegalStateException("segment already open");
        }
        if (workers == null || compression == Compression.NONE) {
            drainAll();
            if (compression == Compression.NONE) {
                target.write(new byte[(int) (-target.count & 3)]);
            }
            try (OutputStream out = Compressors.open(compression, options, options.segmentSize(), target)) {
                body.writeTo(out);
            }
        } else {
            start(compression, body);
        }
    }

    /** Writes the uncompressed bytes of one segment. */
    @FunctionalInterface
    public interface Body {
        /** Writes the segment to {@code out}; does not close it. */
        void writeTo(OutputStream out) throws IOException;
    }

    private Job start(Compression compression, Body body) throws IOException {
        // threads running, one queued behind them: a worker that finishes early finds work
        while (outstanding.size() > options.threads()) {
            drainOldest();
        }
        Job job = new Job(compression, body);
        outstanding.add(job);
        promoteOldest();
        workers.execute(job);
        return job;
    }

    /** The oldest segment's output need not wait for anything: it goes straight to the target. */
    private void promoteOldest() throws IOException {
        Job oldest = outstanding.peekFirst();
        if (oldest != null) {
            oldest.output.promote(target);
        }
    }

    /** Ends the open segment. */
    public void end() throws IOException {
        OutputStream s = current;
        current = null;
        s.close();
    }

    /** Waits for every segment and writes what is left; the target is then complete. */
    public void finish() throws IOException {
        if (current != null) {
            throw new IllegalStateException("segment still open");
        }
        drainAll();
        target.flush();
    }

    /** Bytes written to the target so far. */
    public long bytesWritten() {
        return target.count;
    }

    /** Stops the workers and deletes spilled data; safe after a failure. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (workers != null) {
            workers.shutdownNow();
            try {
                workers.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Job job : outstanding) {
            job.output.discard();
        }
        outstanding.clear();
    }

    private void drainAll() throws IOException {
        while (!outstanding.isEmpty()) {
            drainOldest();
        }
    }

    private void drainOldest() throws IOException {
        Job job = outstanding.peekFirst();
        try {
            job.done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        }
        job.rethrow();
        job.output.promote(target);
        outstanding.removeFirst();
        promoteOldest();
    }

    /** One segment compressed on a worker thread. */
    private final class Job implements Runnable {
        final Compression compression;
        final Body body;
        final Slot output = new Slot(new SpillBuffer(options.spillThreshold(), options.tempDirectory(), chunks));
        final CountDownLatch done = new CountDownLatch(1);
        volatile Throwable failure;

        Job(Compression compression, Body body) {
            this.compression = compression;
            this.body = body;
        }

        @Override
        public void run() {
            try (OutputStream out = Compressors.open(compression, options, options.segmentSize(), output)) {
                body.writeTo(out);
            } catch (Throwable t) {
                failure = t;
            } finally {
                done.countDown();
            }
        }

        void rethrow() throws IOException {
            Throwable t = failure;
            if (t instanceof IOException io) {
                // the worker's own exception: its type and message name the path at fault
                throw io;
            } else if (t != null) {
                throw new IOException("compression failed: " + t, t);
            }
        }
    }

    /**
     * Where a worker writes a segment's compressed output: a spill buffer until the segment is the
     * oldest in flight, then (after the buffer is copied out) the target itself. Only the oldest
     * segment's worker ever writes to the target, so the order of the output is kept.
     */
    private static final class Slot extends OutputStream {
        private final SpillBuffer buffer;
        private OutputStream direct;

        Slot(SpillBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            if (direct != null) {
                direct.write(b, off, len);
            } else {
                buffer.write(b, off, len);
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            if (direct != null) {
                direct.flush();
            }
        }

        /** From now on, writes go to {@code target}; what was buffered goes there first. */
        synchronized void promote(OutputStream target) throws IOException {
            if (direct == null) {
                buffer.drainTo(target);
                direct = target;
            }
        }

        synchronized void discard() throws IOException {
            buffer.discard();
        }
    }

    /** The pieces of a segment given as a stream, on their way from the producer to a worker. */
    private static final class Queue implements Body {
        final BlockingQueue<byte[]> pieces = new ArrayBlockingQueue<>(4);
        Job job;

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try {
                for (byte[] piece = pieces.take(); piece != END; piece = pieces.take()) {
                    out.write(piece);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while compressing");
            }
        }

        void put(byte[] piece) throws IOException {
            try {
                while (!pieces.offer(piece, 100, TimeUnit.MILLISECONDS)) {
                    // the worker stopped taking: it failed
                    if (job.done.getCount() == 0) {
                        job.rethrow();
                        throw new IOException("compression worker stopped");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while compressing");
            }
        }
    }

    /** The producer's side of a job: cuts the bytes into pieces for the queue. */
    private static final class PieceStream extends OutputStream {
        private final Queue job;
        private byte[] piece = new byte[PIECE];
        private int filled;

        PieceStream(Queue job) {
            this.job = job;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, piece.length - filled);
                System.arraycopy(b, off, piece, filled, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == piece.length) {
                    job.put(piece);
                    piece = new byte[PIECE];
                    filled = 0;
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (filled > 0) {
                job.put(Arrays.copyOf(piece, filled));
            }
            job.put(END);
        }
    }

    /** Counts what reaches the target, for alignment. */
    private static final class CountingStream extends OutputStream {
        private final OutputStream out;
        long count;

        CountingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
