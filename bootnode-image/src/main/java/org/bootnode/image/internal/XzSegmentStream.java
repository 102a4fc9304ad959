package org.bootnode.image.internal;

import java.io.IOException;
import java.io.OutputStream;
import org.tukaani.xz.ArrayCache;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.UnsupportedOptionsException;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

/**
 * One xz stream (one segment) whose stored stretches are XZ Blocks of LZMA2 uncompressed chunks.
 *
 * <p>XZ for Java changes filter options only between Blocks, so a stored stretch ends the Block
 * before it and starts a new one after it: the LZMA2 dictionary is reset at both ends, which
 * costs the data after it its history. That is why only large files that do not shrink at all
 * are stored. The kernel's xz decoder (xz-embedded) reads several Blocks and uncompressed
 * LZMA2 chunks; every Block keeps the CRC32 check.
 */
final class XzSegmentStream extends OutputStream implements StoredStretch {
    private final XZOutputStream xz;
    private final LZMA2Options normal;
    private final LZMA2Options stored;
    private boolean storing;

    XzSegmentStream(OutputStream out, LZMA2Options normal, ArrayCache cache) throws IOException {
        this.normal = normal;
        this.stored = (LZMA2Options) normal.clone();
        try {
            stored.setMode(LZMA2Options.MODE_UNCOMPRESSED);
        } catch (UnsupportedOptionsException e) {
            throw new IllegalStateException(e);
        }
        // docs/protocol-notes.md (Linux initramfs): the kernel's xz decoder accepts only the CRC32 check (or none).
        this.xz = new XZOutputStream(out, normal, XZ.CHECK_CRC32, cache);
    }

    @Override
    public void beginStored() throws IOException {
        if (!storing) {
            xz.endBlock();
            xz.updateFilters(stored);
            storing = true;
        }
    }

    @Override
    public void endStored() throws IOException {
        if (storing) {
            xz.endBlock();
            xz.updateFilters(normal);
            storing = false;
        }
    }

    @Override
    public void write(int b) throws IOException {
        xz.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        xz.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        xz.flush();
    }

    @Override
    public void close() throws IOException {
        xz.close();
    }
}
