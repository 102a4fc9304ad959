package org.bootnode.image.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the compressed output of one segment until its turn to be written: in memory up to
 * a threshold, then in a temporary file, so that memory stays bounded however large a segment is.
 * Memory is held in fixed chunks, so that growing copies nothing and leaves no garbage behind.
 */
final class SpillBuffer extends OutputStream {
    private static final int CHUNK = 256 * 1024;

    private final int threshold;
    private final Path tempDirectory;
    private List<byte[]> memory = new ArrayList<>();
    private long size;
    private Path file;
    private OutputStream fileOut;

    SpillBuffer(int threshold, Path tempDirectory) {
        this.threshold = threshold;
        this.tempDirectory = tempDirectory;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (fileOut == null && size + len > threshold) {
            file = Files.createTempFile(tempDirectory, "bootnode-segment-", ".part");
            fileOut = new java.io.BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
            writeMemoryTo(fileOut);
            memory = null;
        }
        if (fileOut != null) {
            fileOut.write(b, off, len);
            return;
        }
        while (len > 0) {
            int at = (int) (size % CHUNK);
            if (at == 0) {
                memory.add(new byte[CHUNK]);
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
        memory = null;
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
