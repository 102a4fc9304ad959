package org.bootnode.image.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
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
 * <p>Memory is bounded: the producer hands each segment to its worker in pieces through a
 * short queue, at most {@code threads} segments are in flight, and a finished segment waiting
 * for the ones before it spills to a temporary file beyond the spill threshold. With one thread,
 * or for an uncompressed segment, bytes go straight to the target.
 */
public final class SegmentPipeline implements AutoCloseable {
    private static final int PIECE = 256 * 1024;
    private static final byte[] END = new byte[0];

    private final CountingStream target;
    private final CompressionOptions options;
    private final Deque<Job> outstanding = new ArrayDeque<>();
    private final ExecutorService workers;
    private OutputStream current;
    private boolean closed;

    /** A pipeline writing to {@code target}, which it does not close. */
    public SegmentPipeline(OutputStream target, CompressionOptions options) {
        this.target = new CountingStream(target);
        this.options = options;
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
            while (outstanding.size() >= options.threads()) {
                drainOldest();
            }
            Job job = new Job(compression);
            outstanding.add(job);
            workers.execute(job);
            current = new PieceStream(job);
        }
        return current;
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
        job.output.drainTo(target);
        outstanding.removeFirst();
    }

    /** One segment compressed on a worker thread. */
    private final class Job implements Runnable {
        final Compression compression;
        final BlockingQueue<byte[]> pieces = new ArrayBlockingQueue<>(4);
        final SpillBuffer output = new SpillBuffer(options.spillThreshold(), options.tempDirectory());
        final CountDownLatch done = new CountDownLatch(1);
        volatile Throwable failure;

        Job(Compression compression) {
            this.compression = compression;
        }

        @Override
        public void run() {
            try (OutputStream out = Compressors.open(compression, options, options.segmentSize(), output)) {
                for (byte[] piece = pieces.take(); piece != END; piece = pieces.take()) {
                    out.write(piece);
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                done.countDown();
            }
        }

        void put(byte[] piece) throws IOException {
            try {
                while (!pieces.offer(piece, 100, TimeUnit.MILLISECONDS)) {
                    // the worker stopped taking: it failed
                    if (done.getCount() == 0) {
                        rethrow();
                        throw new IOException("compression worker stopped");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while compressing");
            }
        }

        void rethrow() throws IOException {
            Throwable t = failure;
            if (t instanceof IOException io) {
                throw new IOException(io.getMessage(), io);
            } else if (t instanceof RuntimeException || t instanceof Error) {
                throw new IOException("compression failed: " + t, t);
            } else if (t != null) {
                throw new IOException("compression failed: " + t, t);
            }
        }
    }

    /** The producer's side of a job: cuts the bytes into pieces for the queue. */
    private static final class PieceStream extends OutputStream {
        private final Job job;
        private byte[] piece = new byte[PIECE];
        private int filled;

        PieceStream(Job job) {
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
                job.put(java.util.Arrays.copyOf(piece, filled));
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
