package org.bootnode.image.initramfs;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bootnode.image.cpio.CpioEntry;
import org.bootnode.image.cpio.CpioFileType;
import org.bootnode.image.cpio.CpioFormatException;
import org.bootnode.image.cpio.CpioReader;
import org.bootnode.image.internal.GzipMember;
import org.bootnode.image.internal.InputCursor;
import org.bootnode.image.internal.ZstdFrame;
import org.bootnode.image.internal.ZstdSupport;
import org.tukaani.xz.SingleXZInputStream;

/**
 * Reads an initramfs the way the kernel does (buffer-format.rst): any sequence of zero padding,
 * uncompressed newc archives (at 4-byte aligned offsets) and compressed members (gzip, xz, zstd,
 * told apart by their magic), each member holding whole archives. Every entry of every segment
 * is handed to a {@link Visitor}.
 *
 * <p>Bad input gives a {@link CpioFormatException} naming the field and offset (for an entry
 * inside a compressed member: the member's offset, and the decompressed offset in the message);
 * nothing else comes out for bad input. Members the kernel knows but this reader does not
 * (bzip2, lzma, lzo, lz4) are reported as such.
 */
public final class InitramfsReader {
    /** The xz decoder may use at most this much memory (KiB): far above any sane initramfs. */
    private static final int XZ_MEMORY_LIMIT_KIB = 256 * 1024;

    /** One segment: an uncompressed archive or a compressed member. */
    public record Segment(int index, long offset, Compression compression) {}

    /** One entry, with its symlink target when it is a symlink. */
    public record Listed(Segment segment, CpioEntry entry, String linkTarget) {}

    /** Receives each entry; the data stream is valid until the method returns. */
    @FunctionalInterface
    public interface Visitor {
        void entry(Segment segment, CpioEntry entry, InputStream data) throws IOException;
    }

    private InitramfsReader() {}

    /** Lists every entry of the initramfs in {@code file}. */
    public static List<Listed> list(Path file) throws IOException {
        List<Listed> all = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            read(in, (segment, entry, data) -> {
                String target = entry.type() == CpioFileType.SYMLINK
                        ? new String(data.readNBytes((int) Math.min(entry.size(), 1 << 20)), StandardCharsets.UTF_8) : null;
                all.add(new Listed(segment, entry, target));
            });
        }
        return all;
    }

    /** Reads every segment of {@code input} to its end. */
    public static void read(InputStream input, Visitor visitor) throws IOException {
        InputCursor in = new InputCursor(input);
        int index = 0;
        while (true) {
            byte[] head = in.peek(6);
            if (head.length == 0) {
                return;
            }
            if (head[0] == 0) {
                in.read();
                continue;
            }
            long offset = in.position();
            Compression compression = detect(head, offset);
            Segment segment = new Segment(index++, offset, compression);
            if (compression == Compression.NONE) {
                if ((offset & 3) != 0) {
                    throw new CpioFormatException("magic", offset, "uncompressed archive at an offset that is not a multiple of 4");
                }
                new Archives(segment, in, offset, visitor).readOne(in);
            } else {
                readCompressed(segment, in, visitor);
            }
        }
    }

    private static void readCompressed(Segment segment, InputCursor in, Visitor visitor) throws IOException {
        long offset = segment.offset();
        try {
            InputStream data = switch (segment.compression()) {
                case GZIP -> new GzipMember(in);
                case XZ -> new SingleXZInputStream(in, XZ_MEMORY_LIMIT_KIB);
                case ZSTD -> ZstdSupport.decompressor(new ZstdFrame(in));
                case NONE -> throw new IllegalStateException();
            };
            PushbackInputStream plain = new PushbackInputStream(new BufferedInputStream(data, 64 * 1024), 1);
            Archives archives = new Archives(segment, plain, 0, visitor);
            boolean any = false;
            while (true) {
                int c = plain.read();
                if (c < 0) {
                    break;
                } else if (c == 0) {
                    archives.skipped++;
                    continue;
                } else if (c != '0') {
                    throw new CpioFormatException("magic", archives.skipped, "junk within the compressed member");
                }
                plain.unread(c);
                archives.readOne(plain);
                any = true;
            }
            if (!any) {
                throw new CpioFormatException("magic", 0, "the compressed member holds no archive");
            }
        } catch (CpioFormatException e) {
            if (e.field().startsWith(segment.compression().cliName())) {
                throw e;
            }
            throw new CpioFormatException(e.field(), offset, segment.compression().cliName()
                    + " member, decompressed byte " + e.offset() + ": " + e.detail());
        } catch (IOException | RuntimeException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("zstd needs")) {
                throw new IOException(e.getMessage(), e);
            }
            throw new CpioFormatException(segment.compression().cliName() + " data", offset,
                    "cannot decompress: " + e.getMessage());
        }
    }

    /** Reads consecutive archives of one segment, counting decompressed bytes for error offsets. */
    private static final class Archives {
        private final Segment segment;
        private final Visitor visitor;
        long skipped;

        Archives(Segment segment, InputStream unused, long base, Visitor visitor) {
            this.segment = segment;
            this.visitor = visitor;
            this.skipped = base;
        }

        void readOne(InputStream in) throws IOException {
            CpioReader reader = new CpioReader(in, skipped);
            for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
                visitor.entry(segment, e, reader.data());
            }
            skipped += reader.bytesRead();
        }
    }

    private static Compression detect(byte[] h, long offset) throws CpioFormatException {
        if (startsWith(h, '0', '7', '0', '7', '0')) {
            return Compression.NONE;
        }
        if (startsWith(h, 0x1F, 0x8B)) {
            return Compression.GZIP;
        }
        if (startsWith(h, 0xFD, '7', 'z', 'X', 'Z', 0)) {
            return Compression.XZ;
        }
        if (startsWith(h, 0x28, 0xB5, 0x2F, 0xFD)) {
            return Compression.ZSTD;
        }
        String kernelOnly = startsWith(h, 'B', 'Z', 'h') ? "bzip2"
                : startsWith(h, 0x5D, 0, 0) ? "lzma"
                : startsWith(h, 0x89, 'L', 'Z', 'O') ? "lzo"
                : startsWith(h, 0x02, 0x21, 0x4C, 0x18) ? "lz4"
                : null;
        if (kernelOnly != null) {
            throw new CpioFormatException("magic", offset, kernelOnly + " member: not supported by this reader");
        }
        throw new CpioFormatException("magic", offset, "neither a cpio archive nor gzip, xz or zstd data");
    }

    private static boolean startsWith(byte[] h, int... magic) {
        if (h.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((h[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
