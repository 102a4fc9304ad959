package org.bootnode.image.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.Deflater;

/**
 * Tells cheaply whether a file is already compressed: three samples (start, middle, end) that
 * deflate at its fastest level cannot shrink by even 1%. Compressed formats (xz, gzip, zstd,
 * JPEG, PNG) give no gain at all; zip-like archives of small compressed members (jmod, jar) and
 * option ROMs gain a few per cent in deflate and ~10% or more in xz, so they do not qualify.
 * The answer depends only on the file's bytes: the output stays reproducible.
 */
public final class Incompressible {
    /** Files smaller than this are always compressed: storing one resets the LZMA2 dictionary twice. */
    public static final long MIN_SIZE = 1L << 20;
    private static final int SAMPLE = 32 * 1024;

    private Incompressible() {}

    /** Whether {@code file}, of {@code size} bytes, is large and would not shrink. */
    public static boolean file(Path file, long size) throws IOException {
        if (size < MIN_SIZE) {
            return false;
        }
        ByteBuffer sample = ByteBuffer.allocate(SAMPLE);
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        byte[] out = new byte[SAMPLE + 1024];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (long at : new long[] {0, size / 2 - SAMPLE / 2, size - SAMPLE}) {
                sample.clear();
                while (sample.hasRemaining() && ch.read(sample, at + sample.position()) > 0) {
                    // read the whole sample
                }
                if (!sample(sample.array(), sample.position(), deflater, out)) {
                    return false;
                }
            }
            return true;
        } finally {
            deflater.end();
        }
    }

    /** Whether {@code data[0..length)} deflates to 99% or more of its size. */
    static boolean sample(byte[] data, int length, Deflater deflater, byte[] out) {
        if (length < SAMPLE) {
            return false;
        }
        deflater.reset();
        deflater.setInput(data, 0, length);
        deflater.finish();
        int total = 0;
        while (!deflater.finished()) {
            total += deflater.deflate(out);
        }
        return total * 100L >= length * 99L;
    }
}
