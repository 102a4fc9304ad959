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
     * leaves {@code target} open. An xz stream that is not {@link CompressionOptions#xzExact()}
     * is a {@link StoredStretch}.
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
            // docs/protocol-notes.md (Linux initramfs): the kernel's xz decoder accepts only the CRC32 check (or none).
            case XZ -> options.xzExact()
                    ? new XZOutputStream(shielded, lzma2(options, segmentBytes), XZ.CHECK_CRC32, BasicArrayCache.getInstance())
                    : new XzSegmentStream(shielded, lzma2(options, segmentBytes), BasicArrayCache.getInstance());
            case ZSTD -> ZstdSupport.compressor(shielded, level);
        };
    }

    /**
     * The LZMA2 encoder settings of an xz segment of {@code segmentBytes} uncompressed bytes: the
     * preset, the dictionary (never larger than the segment: a larger one only costs memory,
     * here and in the kernel at boot), and for the default preset 6 unless {@link CompressionOptions#xzExact()},
     * bootnode's cheaper match search (HC4, shallower).
     */
    public static LZMA2Options lzma2(CompressionOptions options, long segmentBytes) {
        int preset = options.levelFor(Compression.XZ);
        try {
            LZMA2Options lzma2 = new LZMA2Options(preset);
            lzma2.setDictSize((int) Math.max(LZMA2Options.DICT_SIZE_MIN,
                    Math.min(options.xzDictionary(), segmentBytes)));
            if (preset == 6 && !options.xzExact()) {
                lzma2.setMatchFinder(LZMA2Options.MF_HC4);
                lzma2.setNiceLen(CompressionOptions.TUNED_XZ_NICE_LENGTH);
                lzma2.setDepthLimit(CompressionOptions.TUNED_XZ_DEPTH);
            }
            return lzma2;
        } catch (UnsupportedOptionsException e) {
            // the preset and dictionary were checked at construction
            throw new IllegalStateException(e);
        }
    }

    /** gzip at a chosen level; the header's mtime stays 0 and its OS byte fixed, so output is reproducible. */
    private static final class LevelledGzip extends GZIPOutputStream {
        LevelledGzip(OutputStream out, int level) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(level == 0 ? Deflater.DEFAULT_COMPRESSION : level);
        }
    }
}
