package org.bootnode.image.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Collects the compressed output of one segment until its turn to be written: in memory up to
 * a threshold, then in a temporary file, so that memory stays bounded however large a segment is.
 */
final class SpillBuffer extends OutputStream {
    private final int threshold;
    private final Path tempDirectory;
    private ByteArrayOutputStream memory = new ByteArrayOutputStream();
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
        if (fileOut == null && memory.size() + (long) len > threshold) {
            file = Files.createTempFile(tempDirectory, "bootnode-segment-", ".part");
            fileOut = new java.io.BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
            memory.writeTo(fileOut);
            memory = null;
        }
        if (fileOut != null) {
            fileOut.write(b, off, len);
        } else {
            memory.write(b, off, len);
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
                memory.writeTo(out);
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
