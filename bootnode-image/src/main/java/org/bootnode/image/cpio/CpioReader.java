package org.bootnode.image.cpio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads one newc ({@code 070701}) or crc ({@code 070702}) archive from a stream, up to and
 * including its trailer. The reader takes exactly the bytes of the archive from the stream and
 * no more, so whatever follows (padding, another archive) can be read by the caller.
 *
 * <p>Every malformed field is a {@link CpioFormatException} naming the field and its offset;
 * nothing else comes out for bad input, and a stream that ends early is an error too.
 *
 * <pre>{@code
 * CpioReader reader = new CpioReader(in);
 * for (CpioEntry e; (e = reader.next()) != null; ) {
 *     byte[] data = reader.data().readAllBytes();   // optional; skipped otherwise
 * }
 * }</pre>
 */
public final class CpioReader {
    private final InputStream in;
    private final long base;
    private long position;
    private CpioEntry current;
    private long remaining;
    private long currentPadding;
    private boolean crc;
    private long expectedCheck;
    private long sum;
    private long dataOffset;
    private boolean done;

    /** A reader of the archive that starts at the current position of {@code in}. */
    public CpioReader(InputStream in) {
        this(in, 0);
    }

    /**
     * A reader whose error offsets count from {@code baseOffset}: the position of this archive
     * in a larger buffer.
     */
    public CpioReader(InputStream in, long baseOffset) {
        this.in = Objects.requireNonNull(in, "in");
        this.base = baseOffset;
    }

    /** Bytes of the archive consumed so far. */
    public long bytesRead() {
        return position;
    }

    /**
     * The next entry, or null once the trailer has been read. The data of the previous entry,
     * if not read, is skipped.
     */
    public CpioEntry next() throws IOException {
        if (done) {
            return null;
        }
        finishCurrent();
        long start = position;
        byte[] header = readExactly(CpioWriter.HEADER_SIZE, "header");
        String magic = new String(header, 0, 6, StandardCharsets.US_ASCII);
        if (!magic.equals("070701") && !magic.equals("070702")) {
            throw new CpioFormatException("magic", base + start,
                    "expected 070701 or 070702, found " + printable(header, 6));
        }
        crc = magic.equals("070702");
        long[] f = new long[13];
        String[] names = {"ino", "mode", "uid", "gid", "nlink", "mtime", "filesize", "devmajor",
            "devminor", "rdevmajor", "rdevminor", "namesize", "check"};
        for (int i = 0; i < 13; i++) {
            f[i] = parseHex(header, 6 + 8 * i, names[i], base + start + 6 + 8 * i);
        }
        long nameSize = f[11];
        if (nameSize < 1 || nameSize > CpioEntry.MAX_NAME_BYTES + 1) {
            throw new CpioFormatException("namesize", base + start + 94,
                    nameSize + " (expected: 1.." + (CpioEntry.MAX_NAME_BYTES + 1) + ")");
        }
        long nameOffset = position;
        byte[] nameBytes = readExactly((int) nameSize, "name");
        if (nameBytes[nameBytes.length - 1] != 0) {
            throw new CpioFormatException("name", base + nameOffset, "not terminated by NUL");
        }
        String name = decode(Arrays.copyOf(nameBytes, nameBytes.length - 1), base + nameOffset);
        skipExactly(-position & 3, "name padding");
        if (name.equals(CpioEntry.TRAILER)) {
            done = true;
            current = null;
            return null;
        }
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new CpioFormatException("name", base + nameOffset, "empty or holds a NUL");
        }
        int mode = (int) f[1];
        CpioFileType type = CpioFileType.ofMode(mode);
        if (type == null || (f[1] & ~0177777L) != 0) {
            throw new CpioFormatException("mode", base + start + 14, "unknown file type in 0" + Long.toOctalString(f[1]));
        }
        long size = f[6];
        if (!type.hasData() && size != 0) {
            throw new CpioFormatException("filesize", base + start + 54, size + " bytes for a " + type + " (expected: 0)");
        }
        current = new CpioEntry(name, type, mode & 07777, f[2], f[3], f[4], f[5], f[0], f[7], f[8],
                f[9], f[10], size);
        remaining = size;
        currentPadding = -size & 3;
        expectedCheck = f[12];
        sum = 0;
        dataOffset = position;
        return current;
    }

    /**
     * The data of the entry last returned by {@link #next()}: a stream that ends after its
     * {@code filesize} bytes. Reading past the end of the underlying input is a
     * {@link CpioFormatException}.
     */
    public InputStream data() {
        if (current == null) {
            throw new IllegalStateException("no current entry");
        }
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new CpioFormatException("data", base + position,
                            "input ends " + remaining + " bytes before the end of " + current.name());
                }
                if (crc) {
                    for (int i = 0; i < n; i++) {
                        sum += b[off + i] & 0xFF;
                    }
                }
                remaining -= n;
                position += n;
                return n;
            }
        };
    }

    private void finishCurrent() throws IOException {
        if (current == null) {
            return;
        }
        InputStream data = data();
        byte[] skip = new byte[8192];
        while (data.read(skip) >= 0) {
            // drain: the checksum of 070702 needs every byte
        }
        if (crc && (sum & 0xFFFF_FFFFL) != expectedCheck) {
            throw new CpioFormatException("check", base + dataOffset, "checksum of " + current.name()
                    + " is " + Long.toHexString(sum & 0xFFFF_FFFFL) + ", header says " + Long.toHexString(expectedCheck));
        }
        skipExactly(currentPadding, "data padding");
        current = null;
    }

    private byte[] readExactly(int n, String field) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new CpioFormatException(field, base + position + b.length,
                    position == 0 && b.length == 0 ? "empty input" : "input ends inside the " + field);
        }
        position += n;
        return b;
    }

    private void skipExactly(long n, String field) throws IOException {
        readExactly((int) n, field);
    }

    private static long parseHex(byte[] b, int at, String field, long offset) throws CpioFormatException {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            int c = b[at + i];
            int d = Character.digit(c, 16);
            if (d < 0 || c > 'f') {
                throw new CpioFormatException(field, offset, "not 8 hex digits: " + printable(Arrays.copyOfRange(b, at, at + 8), 8));
            }
            v = v << 4 | d;
        }
        return v;
    }

    private static String decode(byte[] name, long offset) throws CpioFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(name)).toString();
        } catch (CharacterCodingException e) {
            throw new CpioFormatException("name", offset, "not UTF-8");
        }
    }

    private static String printable(byte[] b, int n) {
        StringBuilder s = new StringBuilder("\"");
        for (int i = 0; i < Math.min(n, b.length); i++) {
            int c = b[i] & 0xFF;
            s.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return s.append('"').toString();
    }
}
