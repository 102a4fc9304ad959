package org.bootnode.tftp.client;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A download's bytes in memory, held once: sized from the server's {@code tsize} when it says
 * one (RFC 2349), and handed out without a copy when the file filled it. A
 * {@code ByteArrayOutputStream} held up to twice the file in a doubling array and copied it
 * again at the end: a load generator with 5,000 downloads of an 853 KB file in flight held
 * 5,000 arrays of 1 MiB and ran out of heap (bench/storm/LOG.md, 10,000 nodes).
 *
 * <p>The announced size is the server's word, so it is trusted only up to {@link #MAX_PRESIZE};
 * past that the buffer grows with what arrives. Not thread-safe: one transfer's event loop.
 */
final class DownloadBuffer extends OutputStream {
    /** The largest size allocated ahead of the bytes on the server's word. */
    static final int MAX_PRESIZE = 64 << 20;
    /** The largest array the JVM is sure to allocate. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private byte[] bytes = new byte[0];
    private int count;

    /** The server announced {@code size} bytes: room for them now, when it is believable. */
    void expect(long size) {
        if (size > bytes.length && size <= MAX_PRESIZE) {
            bytes = Arrays.copyOf(bytes, (int) size);
        }
    }

    @Override
    public void write(int b) throws IOException {
        room(1);
        bytes[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        room(len);
        System.arraycopy(b, off, bytes, count, len);
        count += len;
    }

    private void room(int len) throws IOException {
        long need = (long) count + len;
        if (need <= bytes.length) {
            return;
        }
        if (need > MAX_ARRAY) {
            throw new IOException("download: over " + MAX_ARRAY + " bytes, more than an array holds");
        }
        bytes = Arrays.copyOf(bytes, (int) Math.min(MAX_ARRAY, Math.max(need, 2L * bytes.length)));
    }

    /** The bytes received: the buffer itself when they fill it, else a copy of the part used. */
    byte[] bytes() {
        return count == bytes.length ? bytes : Arrays.copyOf(bytes, count);
    }

    /** Bytes received so far. */
    int size() {
        return count;
    }
}
