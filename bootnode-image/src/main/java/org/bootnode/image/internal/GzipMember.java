package org.bootnode.image.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.bootnode.image.cpio.CpioFormatException;

/**
 * The decompressed data of exactly one gzip member (RFC 1952), read from a cursor that is left
 * right after the member's trailer: {@link java.util.zip.GZIPInputStream} would read on into
 * whatever follows.
 *
 * <pre>
 * 1F 8B 08 FLG MTIME(4) XFL OS [XLEN(2) extra] [name NUL] [comment NUL] [CRC16(2)]
 * deflate data ... CRC32(4, LE) ISIZE(4, LE)
 * </pre>
 */
public final class GzipMember extends InputStream {
    private final InputCursor in;
    private final long start;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] input = new byte[64 * 1024];
    private long size;
    private boolean done;

    /** Reads the member header at the cursor. */
    public GzipMember(InputCursor in) throws IOException {
        this.in = in;
        this.start = in.position();
        if (u8("magic") != 0x1F || u8("magic") != 0x8B) {
            throw new CpioFormatException("gzip magic", start, "not gzip");
        }
        if (u8("method") != 8) {
            throw new CpioFormatException("gzip method", start + 2, "not deflate");
        }
        int flags = u8("flags");
        for (int i = 0; i < 6; i++) {
            u8("header");
        }
        if ((flags & 4) != 0) {
            int xlen = u8("xlen") | u8("xlen") << 8;
            for (int i = 0; i < xlen; i++) {
                u8("extra field");
            }
        }
        if ((flags & 8) != 0) {
            while (u8("file name") != 0) {
                // skip the name
            }
        }
        if ((flags & 16) != 0) {
            while (u8("comment") != 0) {
                // skip the comment
            }
        }
        if ((flags & 2) != 0) {
            u8("header crc");
            u8("header crc");
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (done) {
            return -1;
        }
        while (true) {
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new CpioFormatException("gzip data", start, "corrupt deflate data: " + e.getMessage());
            }
            if (n > 0) {
                crc.update(b, off, n);
                size += n;
                return n;
            }
            if (inflater.finished()) {
                in.unread(inflater.getRemaining());
                trailer();
                done = true;
                inflater.end();
                return -1;
            }
            if (inflater.needsDictionary()) {
                throw new CpioFormatException("gzip data", start, "needs a preset dictionary");
            }
            if (inflater.needsInput()) {
                int r = in.read(input, 0, input.length);
                if (r < 0) {
                    throw new CpioFormatException("gzip data", in.position(), "input ends inside the gzip member");
                }
                inflater.setInput(input, 0, r);
            }
        }
    }

    @Override
    public void close() {
        inflater.end();
    }

    private void trailer() throws IOException {
        long at = in.position();
        long crc32 = u32("gzip crc32");
        long isize = u32("gzip isize");
        if (crc32 != crc.getValue()) {
            throw new CpioFormatException("gzip crc32", at, "data do not match the checksum");
        }
        if (isize != (size & 0xFFFF_FFFFL)) {
            throw new CpioFormatException("gzip isize", at + 4, "size " + isize + " does not match " + size);
        }
    }

    private long u32(String field) throws IOException {
        return u8(field) | (long) u8(field) << 8 | (long) u8(field) << 16 | (long) u8(field) << 24;
    }

    private int u8(String field) throws IOException {
        int c = in.read();
        if (c < 0) {
            throw new CpioFormatException(field, in.position(), "input ends inside the gzip member");
        }
        return c;
    }
}
