package org.bootnode.image.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.bootnode.image.initramfs.Compression;
import org.bootnode.image.initramfs.CompressionOptions;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.UnsupportedOptionsException;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

/** Opens the compressing stream of one segment. Closing it finishes the segment, not the target. */
public final class Compressors {
    private Compressors() {}

    /**
     * A stream that compresses into {@code target}; closing it writes the format's end and
     * leaves {@code target} open.
     */
    public static OutputStream open(Compression compression, CompressionOptions options, long segmentBytes,
                                    OutputStream target) throws IOException {
        OutputStream shielded = new FilterOutputStream(target) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
        int level = options.levelFor(compression);
        return switch (compression) {
            case NONE -> shielded;
            case GZIP -> new LevelledGzip(shielded, level);
            case XZ -> xz(shielded, level, options.xzDictionary(), segmentBytes);
            case ZSTD -> ZstdSupport.compressor(shielded, level);
        };
    }

    private static OutputStream xz(OutputStream out, int preset, int dictionary, long segmentBytes) throws IOException {
        LZMA2Options lzma2;
        try {
            lzma2 = new LZMA2Options(preset);
            // A dictionary larger than the data only costs memory, here and in the kernel at boot.
            lzma2.setDictSize((int) Math.max(LZMA2Options.DICT_SIZE_MIN, Math.min(dictionary, segmentBytes)));
        } catch (UnsupportedOptionsException e) {
            throw new IllegalArgumentException("xz: " + e.getMessage(), e);
        }
        // PROTOCOL-FACTS: the kernel's xz decoder accepts only the CRC32 check (or none).
        return new XZOutputStream(out, lzma2, XZ.CHECK_CRC32, BasicArrayCache.getInstance());
    }

    /** gzip at a chosen level; the header's mtime stays 0 and its OS byte fixed, so output is reproducible. */
    private static final class LevelledGzip extends GZIPOutputStream {
        LevelledGzip(OutputStream out, int level) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(level == 0 ? Deflater.DEFAULT_COMPRESSION : level);
        }
    }
}
