package org.bootnode.image.internal;

import java.io.IOException;
import java.io.InputStream;
import org.bootnode.image.cpio.CpioFormatException;

/**
 * Passes through the bytes of exactly one zstd frame (RFC 8878 §3.1.1) and then reports the
 * end, so that a decompressor reading ahead cannot swallow the next segment.
 *
 * <pre>
 * magic 28 B5 2F FD | frame header descriptor | [window] [dict id] [content size]
 * blocks: 3-byte header (bit 0 last, bits 1-2 type, bits 3-23 size) + content
 *         (raw: size bytes, RLE: 1 byte, compressed: size bytes)
 * [checksum 4 bytes when the descriptor's bit 2 is set]
 * </pre>
 */
public final class ZstdFrame extends InputStream {
    private final InputCursor in;
    private final long start;
    private final boolean checksum;
    private long passThrough;
    private boolean lastBlockSeen;
    private boolean done;

    /** Reads the frame header at the cursor. */
    public ZstdFrame(InputCursor in) throws IOException {
        this.in = in;
        this.start = in.position();
        byte[] head = in.peek(18);
        if (head.length < 5 || (head[0] & 0xFF) != 0x28 || (head[1] & 0xFF) != 0xB5 || (head[2] & 0xFF) != 0x2F
                || (head[3] & 0xFF) != 0xFD) {
            throw new CpioFormatException("zstd magic", start, "not a zstd frame");
        }
        int fhd = head[4] & 0xFF;
        int fcsFlag = fhd >>> 6;
        boolean singleSegment = (fhd & 0x20) != 0;
        if ((fhd & 0x08) != 0) {
            throw new CpioFormatException("zstd frame header", start + 4, "reserved bit set");
        }
        checksum = (fhd & 0x04) != 0;
        int dictBytes = new int[] {0, 1, 2, 4}[fhd & 3];
        int fcsBytes = switch (fcsFlag) {
            case 0 -> singleSegment ? 1 : 0;
            case 1 -> 2;
            case 2 -> 4;
            default -> 8;
        };
        passThrough = 5 + (singleSegment ? 0 : 1) + dictBytes + fcsBytes;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (passThrough == 0) {
            if (done) {
                return -1;
            }
            if (lastBlockSeen) {
                done = true;
                if (checksum) {
                    passThrough = 4;
                } else {
                    return -1;
                }
            } else {
                byte[] h = in.peek(3);
                if (h.length < 3) {
                    throw new CpioFormatException("zstd block header", in.position(), "input ends inside the zstd frame");
                }
                int header = (h[0] & 0xFF) | (h[1] & 0xFF) << 8 | (h[2] & 0xFF) << 16;
                lastBlockSeen = (header & 1) != 0;
                int type = (header >>> 1) & 3;
                int size = header >>> 3;
                if (type == 3) {
                    throw new CpioFormatException("zstd block type", in.position(), "reserved block type");
                }
                passThrough = 3 + (type == 1 ? 1 : size);
            }
        }
        int n = in.read(b, off, (int) Math.min(len, passThrough));
        if (n < 0) {
            throw new CpioFormatException("zstd frame", in.position(), "input ends inside the zstd frame");
        }
        passThrough -= n;
        return n;
    }

    /** Where the frame started. */
    public long start() {
        return start;
    }
}
