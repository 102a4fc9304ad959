package org.bootnode.image.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A buffered input that knows its position and can peek ahead and give back the bytes it just
 * handed out, so that a decoder that reads too far (an {@link java.util.zip.Inflater}) can
 * return the rest, and the next segment starts at the right byte.
 */
public final class InputCursor extends InputStream {
    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private long position;

    /** A cursor over {@code in}, at position 0. */
    public InputCursor(InputStream in) {
        this.in = in;
    }

    /** Bytes consumed so far. */
    public long position() {
        return position;
    }

    /** Up to {@code n} (at most 64) next bytes, without consuming them; fewer at the end. */
    public byte[] peek(int n) throws IOException {
        if (limit - pos < n) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
            while (limit < n) {
                int r = in.read(buf, limit, buf.length - limit);
                if (r < 0) {
                    break;
                }
                limit += r;
            }
        }
        return Arrays.copyOfRange(buf, pos, pos + Math.min(n, limit - pos));
    }

    @Override
    public int read() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        position++;
        return buf[pos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos == limit && !fill()) {
            return -1;
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        position += n;
        return n;
    }

    /** Gives back the last {@code n} bytes of the last read, which must have returned at least n. */
    public void unread(int n) {
        if (n > pos) {
            throw new IllegalStateException("cannot unread " + n + " bytes");
        }
        pos -= n;
        position -= n;
    }

    private boolean fill() throws IOException {
        int r = in.read(buf, 0, buf.length);
        if (r <= 0) {
            return false;
        }
        pos = 0;
        limit = r;
        return true;
    }
}
