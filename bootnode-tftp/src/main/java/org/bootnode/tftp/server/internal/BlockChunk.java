package org.bootnode.tftp.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.bootnode.tftp.Opcode;
import org.bootnode.tftp.internal.BlockSender;
import org.bootnode.tftp.server.TftpFile;

/**
 * A run of consecutive blocks of a file, laid out as ready-to-send DATA packets in one pooled
 * direct buffer, each packet in a slot of {@code 4 + blksize} bytes:
 *
 * <pre>
 *  slot 0                         slot 1
 * +--------+--------+-----------+--------+--------+-----------+----
 * | opcode | block  | payload   | opcode | block  | payload   | ...
 * |   3    | first  | <= blksize|   3    | first+1| <= blksize|
 * +--------+--------+-----------+--------+--------+-----------+----
 *   2 bytes  2 bytes
 * </pre>
 *
 * A block goes out as a retained slice of its slot: no copy and no allocation per packet (the
 * per-packet buffer and copy cost the event loop more than the send itself at 65464-byte
 * blocks, and one allocator sample in 128 paid for a leak-detector stack trace). Slices still in
 * the socket's queue keep the buffer alive after the transfer drops it.
 *
 * <p>A run read through a {@link ChunkCache} is either shared (one object held by every
 * transfer of that file and geometry, each calling {@link #release()} once, freed by the cache)
 * or a transfer's own (freed by its {@link #release()}, which gives its bytes back to the
 * cache's budget).
 */
final class BlockChunk {
    /** Below this block size one read of the whole run and moves beat a read per block. */
    private static final int READ_PER_BLOCK = 2048;

    private final ByteBuf buf;
    private final long first;
    private final long last;
    private final int stride;
    private final BlockSender geometry;
    /** The cache this run is counted in, or null. */
    private ChunkCache cache;
    /** The cache's entry when shared, else null. */
    private Object entry;
    /** Bytes counted in the cache's budget for runs of one transfer, when not shared. */
    private int ownBytes;

    private BlockChunk(ByteBuf buf, long first, long last, BlockSender geometry) {
        this.buf = buf;
        this.first = first;
        this.last = last;
        this.stride = geometry.blockSize() + 4;
        this.geometry = geometry;
    }

    /**
     * Reads blocks {@code first..last} of {@code file} (blocks as {@code geometry} numbers them);
     * blocks when the file is on disk.
     */
    static BlockChunk read(TftpFile file, BlockSender geometry, long first, long last, ByteBufAllocator alloc)
            throws IOException {
        int count = (int) (last - first + 1);
        int blockSize = geometry.blockSize();
        int stride = blockSize + 4;
        ByteBuf buf = alloc.directBuffer(count * stride);
        try {
            if (blockSize >= READ_PER_BLOCK) {
                for (int i = 0; i < count; i++) {
                    long b = first + i;
                    fill(file, buf.nioBuffer(i * stride + 4, geometry.length(b)), geometry.offset(b));
                    header(buf, i * stride, b);
                }
            } else {
                // One read of the raw bytes into the buffer's tail, then each block moved down
                // to its slot in order. Block i's raw bytes sit at 4*count + i*blksize, at or
                // past its slot (i*stride + 4) and past every slot before it, so no move or
                // header overwrites bytes not yet moved.
                long from = geometry.offset(first);
                int raw = (int) (geometry.offset(last) + geometry.length(last) - from);
                int base = 4 * count;
                fill(file, buf.nioBuffer(base, raw), from);
                for (int i = 0; i < count; i++) {
                    long b = first + i;
                    if (base + i * blockSize != i * stride + 4) {
                        buf.setBytes(i * stride + 4, buf, base + i * blockSize, geometry.length(b));
                    }
                    header(buf, i * stride, b);
                }
            }
            buf.writerIndex(count * stride);
            return new BlockChunk(buf, first, last, geometry);
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    private static void header(ByteBuf buf, int at, long block) {
        buf.setShort(at, Opcode.DATA.code());
        buf.setShort(at + 2, BlockSender.wire(block));
    }

    /** Positional reads until {@code dst} (positioned at 0) is full. */
    private static void fill(TftpFile file, ByteBuffer dst, long position) throws IOException {
        while (dst.hasRemaining()) {
            if (file.read(dst, position + dst.position()) < 0) {
                throw new IOException("file shrank to " + (position + dst.position()) + " bytes while being served");
            }
        }
    }

    boolean contains(long block) {
        return block >= first && block <= last;
    }

    long first() {
        return first;
    }

    long last() {
        return last;
    }

    /** Block {@code block}'s DATA packet as a retained slice; the caller sends or releases it. */
    ByteBuf packet(long block) {
        return buf.retainedSlice((int) (block - first) * stride, length(block));
    }

    /** True when the packets have a native address for {@link #address}. */
    boolean hasMemoryAddress() {
        return buf.hasMemoryAddress();
    }

    /** The native address of block {@code block}'s DATA packet; valid until {@link #release}. */
    long address(long block) {
        return buf.memoryAddress() + (block - first) * stride;
    }

    /** The length of block {@code block}'s DATA packet, header included. */
    int length(long block) {
        return 4 + geometry.length(block);
    }

    /** This run is the shared one of {@code entry} in {@code cache}. */
    void sharedBy(ChunkCache cache, Object entry) {
        this.cache = cache;
        this.entry = entry;
    }

    /** This run is one transfer's own, counted as {@code bytes} in {@code cache}'s budget. */
    void ownedBy(ChunkCache cache, int bytes) {
        this.cache = cache;
        this.ownBytes = bytes;
    }

    /** The caller is done with the run: a shared run is freed by its cache after its last user. */
    void release() {
        if (entry != null) {
            cache.release(entry);
        } else {
            buf.release();
            if (cache != null) {
                cache.releaseOwn(ownBytes);
            }
        }
    }

    /** Frees the packets (the cache, once no transfer uses the run). */
    void free() {
        buf.release();
    }

    /** Bytes of packets this run holds. */
    int bytes() {
        return buf.capacity();
    }
}
