package org.bootnode.image.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the compressed output of one segment until its turn to be written: in memory up to
 * a threshold, then in a temporary file, so that memory stays bounded however large a segment is.
 * Memory is held in fixed chunks, so that growing copies nothing; the chunks come from and go
 * back to a {@link ChunkPool} shared by the segments of one pipeline, so that a long build does
 * not leave a segment's worth of garbage in the old generation each time a segment is written.
 */
final class SpillBuffer extends OutputStream {
    static final int CHUNK = 256 * 1024;

    private final int threshold;
    private final Path tempDirectory;
    private final ChunkPool pool;
    private List<byte[]> memory = new ArrayList<>();
    private long size;
    private Path file;
    private OutputStream fileOut;

    SpillBuffer(int threshold, Path tempDirectory, ChunkPool pool) {
        this.threshold = threshold;
        this.tempDirectory = tempDirectory;
        this.pool = pool;
    }

    /**
     * Chunks of {@link #CHUNK} bytes kept for reuse, at most {@code max} of them (more are left to
     * the garbage collector). Thread-safe: workers fill buffers while the caller drains them.
     */
    static final class ChunkPool {
        private final ArrayDeque<byte[]> free = new ArrayDeque<>();
        private final int max;

        ChunkPool(int max) {
            this.max = max;
        }

        synchronized byte[] take() {
            byte[] chunk = free.pollFirst();
            return chunk != null ? chunk : new byte[CHUNK];
        }

        synchronized void give(List<byte[]> chunks) {
            for (byte[] chunk : chunks) {
                if (free.size() >= max) {
                    return;
                }
                free.addFirst(chunk);
            }
        }

        synchronized int size() {
            return free.size();
        }
    }

    private void releaseMemory() {
        if (memory != null) {
            pool.give(memory);
            memory = null;
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (fileOut == null && size + len > threshold) {
            file = Files.createTempFile(tempDirectory, "bootnode-segment-", ".part");
            fileOut = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
            writeMemoryTo(fileOut);
            releaseMemory();
        }
        if (fileOut != null) {
            fileOut.write(b, off, len);
            return;
        }
        while (len > 0) {
            int at = (int) (size % CHUNK);
            if (at == 0) {
                memory.add(pool.take());
            }
            int n = Math.min(len, CHUNK - at);
            System.arraycopy(b, off, memory.get(memory.size() - 1), at, n);
            size += n;
            off += n;
            len -= n;
        }
    }

    private void writeMemoryTo(OutputStream out) throws IOException {
        long left = size;
        for (byte[] chunk : memory) {
            int n = (int) Math.min(CHUNK, left);
            out.write(chunk, 0, n);
            left -= n;
        }
    }

    /** Copies everything collected to {@code out} and frees memory and the temporary file. */
    void drainTo(OutputStream out) throws IOException {
        try {
            if (fileOut != null) {
                fileOut.close();
                fileOut = null;
                Files.copy(file, out);
            } else if (memory != null) {
                writeMemoryTo(out);
            }
        } finally {
            discard();
        }
    }

    /** Frees memory and deletes the temporary file, if any. */
    void discard() throws IOException {
        releaseMemory();
        if (fileOut != null) {
            try {
                fileOut.close();
            } catch (IOException ignored) {
                // the file is deleted next
            }
            fileOut = null;
        }
        if (file != null) {
            Files.deleteIfExists(file);
            file = null;
        }
    }
}
