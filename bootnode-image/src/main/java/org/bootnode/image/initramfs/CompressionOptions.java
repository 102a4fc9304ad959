package org.bootnode.image.initramfs;

import java.nio.file.Path;
import java.util.Objects;
import org.bootnode.image.internal.Compressors;

/**
 * How an initramfs is compressed and cut into segments: immutable, built by {@link #builder()}.
 *
 * <p>The archive is cut into segments of at most about {@link #segmentSize()} uncompressed bytes,
 * at entry boundaries, into an even number of similar pieces when more than one (so that two or
 * four threads finish together); each segment is a complete newc archive with its trailer, compressed on its
 * own, and the kernel unpacks the concatenation. The cut points depend only on the entries and
 * the segment size, never on the number of threads: the same input gives the same bytes with 1
 * or 16 threads. Memory stays bounded: at most {@link #threads()} segments are compressed at a
 * time, each from a short queue of pieces, and compressed output waiting for its turn spills to
 * a temporary file beyond {@link #spillThreshold()} bytes.
 *
 * @param compression    the default compression of segments that do not choose their own
 * @param level          compression level: xz preset 0..9 (default 6), gzip 1..9 (default 6),
 *                       zstd 1..19 (default 3); -1 for the default of the compression
 * @param xzDictionary   LZMA2 dictionary size in bytes (default 8 MiB, xz -6's); never larger
 *                       than the segment size. The kernel's initramfs xz decoder allocates the
 *                       dictionary dynamically, so this only costs RAM at boot
 * @param xzExact        false (default): xz preset 6 finds matches with hash chains instead of
 *                       binary trees and searches less deeply than xz-utils' -6 (HC4, nice
 *                       length 48, depth 8 instead of BT4, 64 and 48; still the normal mode and
 *                       the 8 MiB dictionary): about 40% less CPU and a third less encoder
 *                       memory (62 instead of 93 MiB) than XZ for Java's exact preset, for output
 *                       ~2% larger than that preset and about as large as xz-utils' {@code -T N
 *                       -6} (measured, see the README); other presets keep their settings.
 *                       And at any preset, a file of 1 MiB or more that does not shrink (already
 *                       compressed: three samples that deflate cannot shrink by 1%) is written
 *                       as its own XZ Block of stored LZMA2 chunks, not searched for matches.
 *                       true: the preset exactly as xz-utils and XZ for Java define it, every
 *                       byte compressed, one XZ Block per segment
 * @param threads        compression threads, 1 or more (default 1)
 * @param segmentSize    uncompressed bytes per segment before a cut (default 32 MiB)
 * @param spillThreshold bytes of compressed output a waiting segment keeps in memory (default 8 MiB)
 * @param tempDirectory  where spilled output goes (default: {@code java.io.tmpdir})
 */
public record CompressionOptions(Compression compression, int level, int xzDictionary, boolean xzExact,
                                 int threads, long segmentSize, int spillThreshold, Path tempDirectory) {
    /** The nice length of bootnode's tuned xz preset 6 (xz-utils' -6: 64). */
    public static final int TUNED_XZ_NICE_LENGTH = 48;
    /**
     * The HC4 search depth of bootnode's tuned xz preset 6 (xz-utils' -6 uses BT4 with the
     * automatic depth 16 + nice/2 = 48; HC4's automatic depth would be 4 + nice/4 = 16).
     */
    public static final int TUNED_XZ_DEPTH = 8;

    /** Checks the values. */
    public CompressionOptions {
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(tempDirectory, "tempDirectory");
        int max = switch (compression) {
            case XZ -> 9;
            case GZIP -> 9;
            case ZSTD -> 19;
            case NONE -> 0;
        };
        int min = compression == Compression.XZ || compression == Compression.NONE ? 0 : 1;
        if (level != -1 && (level < min || level > max)) {
            throw new IllegalArgumentException("level: " + level + " (expected: " + min + ".." + max
                    + " for " + compression.cliName() + ")");
        }
        if (xzDictionary < 4096 || xzDictionary > (1 << 30)) {
            throw new IllegalArgumentException("xzDictionary: " + xzDictionary + " (expected: 4096.." + (1 << 30) + ")");
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: 1..256)");
        }
        if (segmentSize < 64 * 1024) {
            throw new IllegalArgumentException("segmentSize: " + segmentSize + " (expected: at least 65536)");
        }
        if (spillThreshold < 0) {
            throw new IllegalArgumentException("spillThreshold: " + spillThreshold + " (expected: 0 or more)");
        }
    }

    /** The level to use for {@code c}: the configured one when it applies, else the default. */
    public int levelFor(Compression c) {
        if (c == compression && level != -1) {
            return level;
        }
        return switch (c) {
            case XZ, GZIP -> 6;
            case ZSTD -> 3;
            case NONE -> 0;
        };
    }

    /**
     * The most heap one compression thread holds, in bytes: the encoder's state (for xz, the
     * LZMA2 match finder and window: about 62 MiB at the tuned preset 6 with an 8 MiB dictionary,
     * 93 MiB at the exact one) plus the
     * compressed output a waiting segment keeps in memory. A caller choosing a number of threads
     * can divide the heap it has by this.
     */
    public long memoryPerThread() {
        long encoder = switch (compression) {
            case XZ -> {
                yield Compressors.lzma2(this, segmentSize).getEncoderMemoryUsage() * 1024L;
            }
            // zlib's deflate state is under 300 KiB; the copy and output buffers are 64 KiB each
            case GZIP -> 1L << 20;
            // zstd at level 19 uses up to ~90 MiB of native memory, level 3 a few MiB
            case ZSTD -> levelFor(Compression.ZSTD) > 9 ? 96L << 20 : 16L << 20;
            case NONE -> 0;
        };
        return encoder + spillThreshold + (1L << 20);
    }

    /** Defaults: xz, preset 6 (tuned, see {@link #xzExact()}), 8 MiB dictionary, one thread, 32 MiB segments. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        return new Builder().compression(compression).level(level).xzDictionary(xzDictionary).xzExact(xzExact)
                .threads(threads).segmentSize(segmentSize).spillThreshold(spillThreshold)
                .tempDirectory(tempDirectory);
    }

    /** Builds {@link CompressionOptions}. */
    public static final class Builder {
        private Compression compression = Compression.XZ;
        private int level = -1;
        private int xzDictionary = 8 << 20;
        private boolean xzExact;
        private int threads = 1;
        private long segmentSize = 32L << 20;
        private int spillThreshold = 8 << 20;
        private Path tempDirectory = Path.of(System.getProperty("java.io.tmpdir"));

        private Builder() {}

        public Builder compression(Compression compression) { this.compression = compression; return this; }
        public Builder level(int level) { this.level = level; return this; }
        public Builder xzDictionary(int bytes) { this.xzDictionary = bytes; return this; }
        public Builder xzExact(boolean exact) { this.xzExact = exact; return this; }
        public Builder threads(int threads) { this.threads = threads; return this; }
        public Builder segmentSize(long bytes) { this.segmentSize = bytes; return this; }
        public Builder spillThreshold(int bytes) { this.spillThreshold = bytes; return this; }
        public Builder tempDirectory(Path dir) { this.tempDirectory = dir; return this; }

        public CompressionOptions build() {
            return new CompressionOptions(compression, level, xzDictionary, xzExact, threads, segmentSize,
                    spillThreshold, tempDirectory);
        }
    }
}
