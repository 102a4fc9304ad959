package org.bootnode.image.cpio;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes one newc ({@code 070701}) archive to a stream, entry by entry, holding nothing but one
 * copy buffer: the data of an entry streams from its source to the output.
 *
 * <p>Written by hand rather than with Commons Compress's {@code CpioArchiveOutputStream}: that
 * writer pads the archive's end to a 512-byte block, fills missing fields (time, inode) on its
 * own and cannot tell a caller how many bytes a source really gave; here every header field is
 * exactly what the caller set, the archive ends right after the 4-byte-padded trailer, and a
 * source that delivers more or fewer bytes than its header announced is an error, not a
 * silently broken archive.
 *
 * <p>This writer does not close the stream it writes to on {@link #finish()}; {@link #close()}
 * finishes and closes it.
 */
public final class CpioWriter implements Closeable {
    static final int HEADER_SIZE = 110;
    private static final byte[] ZEROS = new byte[4];
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final byte[] buffer = new byte[64 * 1024];
    private long written;
    private boolean finished;

    /** A writer appending to {@code out}, which is taken to be at a 4-byte aligned offset. */
    public CpioWriter(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Writes an entry without data: a directory, device, FIFO, socket, or a hard link of size 0. */
    public void write(CpioEntry entry) throws IOException {
        if (entry.size() != 0) {
            throw new IllegalArgumentException("filesize: " + entry.size() + " (expected: 0 without data): " + entry.name());
        }
        writeHeader(entry);
    }

    /** Writes an entry whose data are {@code data}; the entry's size must be {@code data.length}. */
    public void write(CpioEntry entry, byte[] data) throws IOException {
        if (entry.size() != data.length) {
            throw new IllegalArgumentException("filesize: " + entry.size() + " (expected: " + data.length + "): " + entry.name());
        }
        writeHeader(entry);
        out.write(data);
        written += data.length;
        pad();
    }

    /**
     * Writes an entry whose data are read from {@code data}: exactly {@code entry.size()} bytes,
     * and the stream must end there.
     *
     * @throws SizeMismatchException when the stream gives fewer or more bytes than the header says
     */
    public void write(CpioEntry entry, InputStream data) throws IOException {
        writeHeader(entry);
        long remaining = entry.size();
        while (remaining > 0) {
            int n = data.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new SizeMismatchException(entry.name(), entry.size(), entry.size() - remaining);
            }
            out.write(buffer, 0, n);
            remaining -= n;
            written += n;
        }
        if (data.read() >= 0) {
            throw new SizeMismatchException(entry.name(), entry.size(), entry.size() + 1);
        }
        pad();
    }

    /** Writes a symlink entry whose data are {@code target}; the entry's size is set here. */
    public void writeSymlink(CpioEntry entry, String target) throws IOException {
        if (entry.type() != CpioFileType.SYMLINK) {
            throw new IllegalArgumentException("type: " + entry.type() + " (expected: SYMLINK): " + entry.name());
        }
        byte[] bytes = target.getBytes(StandardCharsets.UTF_8);
        write(entry.toBuilder().size(bytes.length).build(), bytes);
    }

    /** Writes the trailer; the archive is then complete. The underlying stream stays open. */
    public void finish() throws IOException {
        if (!finished) {
            writeHeader(CpioEntry.builder(CpioEntry.TRAILER, CpioFileType.REGULAR).nlink(1).build(), true);
            finished = true;
            out.flush();
        }
    }

    /** Bytes written so far, padding included. */
    public long bytesWritten() {
        return written;
    }

    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            out.close();
        }
    }

    private void writeHeader(CpioEntry entry) throws IOException {
        writeHeader(entry, false);
    }

    private void writeHeader(CpioEntry entry, boolean trailer) throws IOException {
        if (finished) {
            throw new IllegalStateException("archive already finished");
        }
        byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
        if (!trailer) {
            checkName(entry.name(), name);
        }
        byte[] header = new byte[HEADER_SIZE];
        System.arraycopy("070701".getBytes(StandardCharsets.US_ASCII), 0, header, 0, 6);
        long[] fields = {entry.ino(), trailer ? 0 : entry.mode(), entry.uid(), entry.gid(), entry.nlink(),
            entry.mtime(), entry.size(), entry.devMajor(), entry.devMinor(), entry.rdevMajor(),
            entry.rdevMinor(), name.length + 1L, 0};
        for (int i = 0; i < fields.length; i++) {
            hex(header, 6 + 8 * i, fields[i]);
        }
        out.write(header);
        out.write(name);
        out.write(0);
        written += HEADER_SIZE + name.length + 1L;
        pad();
    }

    private static void checkName(String text, byte[] name) {
        if (name.length == 0) {
            throw new IllegalArgumentException("name: empty");
        }
        if (name.length > CpioEntry.MAX_NAME_BYTES) {
            throw new IllegalArgumentException("name: " + name.length + " bytes (expected: at most "
                    + CpioEntry.MAX_NAME_BYTES + "): " + text.substring(0, 64) + "...");
        }
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("name: contains NUL: " + text.replace('\0', '?'));
        }
        if (text.equals(CpioEntry.TRAILER)) {
            throw new IllegalArgumentException("name: " + text + " is reserved for the trailer");
        }
    }

    private void pad() throws IOException {
        int padding = (int) (-written & 3);
        out.write(ZEROS, 0, padding);
        written += padding;
    }

    private static void hex(byte[] into, int at, long value) {
        for (int i = 7; i >= 0; i--) {
            into[at + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }

    /** A data source gave a different number of bytes than the entry's header announced. */
    public static final class SizeMismatchException extends IOException {
        private static final long serialVersionUID = 1L;

        SizeMismatchException(String name, long expected, long actual) {
            super(name + ": size changed while reading (expected " + expected + " bytes, got "
                    + (actual > expected ? "more" : String.valueOf(actual)) + ")");
        }
    }
}
