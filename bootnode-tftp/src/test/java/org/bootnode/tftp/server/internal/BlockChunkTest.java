package org.bootnode.tftp.server.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.bootnode.tftp.Data;
import org.bootnode.tftp.TftpCodec;
import org.bootnode.tftp.internal.BlockSender;
import org.bootnode.tftp.server.TftpFile;
import org.junit.jupiter.api.Test;

/** A chunk's slots hold exactly the DATA packets the codec would build, for any geometry. */
class BlockChunkTest {
    static final UnpooledByteBufAllocator ALLOC = new UnpooledByteBufAllocator(true);

    @Property(tries = 200)
    void everySlotIsTheDataPacketOfItsBlock(@ForAll @IntRange(min = 0, max = 40_000) int size,
                                            @ForAll @IntRange(min = 8, max = 9000) int blockSize,
                                            @ForAll @IntRange(min = 0, max = 200) int skip,
                                            @ForAll @IntRange(min = 1, max = 300) int count) throws Exception {
        byte[] bytes = new byte[size];
        new Random(size * 31L + blockSize).nextBytes(bytes);
        BlockSender geometry = new BlockSender(size, blockSize, 1, false, 1, 1);
        long first = Math.min(1 + skip, geometry.lastBlock());
        long last = Math.min(first + count - 1, geometry.lastBlock());
        BlockChunk chunk = BlockChunk.read(TftpFile.of(bytes), geometry, first, last, ALLOC);
        try {
            for (long b = first; b <= last; b++) {
                ByteBuf p = chunk.packet(b);
                try {
                    Data d = (Data) TftpCodec.decode(ByteBufUtil.getBytes(p));
                    assertEquals(BlockSender.wire(b), d.block());
                    int from = (int) geometry.offset(b);
                    assertArrayEquals(Arrays.copyOfRange(bytes, from, from + geometry.length(b)), d.payload());
                } finally {
                    p.release();
                }
            }
        } finally {
            chunk.release();
        }
    }

    @Test
    void aFileShorterThanItsSizeIsAnIoError() {
        TftpFile shrunk = new TftpFile() {
            @Override
            public long size() {
                return 10_000;
            }

            @Override
            public int read(ByteBuffer dst, long position) {
                return -1;
            }
        };
        BlockSender geometry = new BlockSender(10_000, 4096, 1, false, 1, 1);
        assertThrows(IOException.class, () -> BlockChunk.read(shrunk, geometry, 1, 3, ALLOC));
        BlockSender small = new BlockSender(10_000, 512, 1, false, 1, 1);
        assertThrows(IOException.class, () -> BlockChunk.read(shrunk, small, 1, 20, ALLOC));
    }
}
