package org.bootnode.image.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillBufferTest {
    @TempDir Path tmp;

    @Test
    void keepsBytesInMemoryUpToTheThresholdAndSpillsTheRestToAFileItDeletes() throws IOException {
        SpillBuffer.ChunkPool pool = new SpillBuffer.ChunkPool(16);
        byte[] small = TestBytes.random(SpillBuffer.CHUNK + 17, 1);
        SpillBuffer inMemory = new SpillBuffer(1 << 20, tmp, pool);
        inMemory.write(small, 0, small.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        inMemory.drainTo(out);
        assertArrayEquals(small, out.toByteArray(), "same bytes");
        assertEquals(2, pool.size(), "both chunks back in the pool");

        byte[] large = TestBytes.random(3 * SpillBuffer.CHUNK + 5, 2);
        SpillBuffer spilled = new SpillBuffer(SpillBuffer.CHUNK, tmp, pool);
        spilled.write(large, 0, 100);
        spilled.write(large, 100, large.length - 100);
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(1, files.count(), "spilled to one temporary file");
        }
        assertEquals(2, pool.size(), "the memory part went back when the buffer spilled");
        out.reset();
        spilled.drainTo(out);
        assertArrayEquals(large, out.toByteArray(), "same bytes");
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(0, files.count(), "temporary file deleted");
        }
    }

    @Test
    void aDrainedBufferHandsItsChunksToTheNextAndThePoolStaysBounded() throws IOException {
        SpillBuffer.ChunkPool pool = new SpillBuffer.ChunkPool(2);
        SpillBuffer first = new SpillBuffer(8 << 20, tmp, pool);
        first.write(TestBytes.random(4 * SpillBuffer.CHUNK, 3), 0, 4 * SpillBuffer.CHUNK);
        first.discard();
        assertEquals(2, pool.size(), "at most the pool's bound kept");
        SpillBuffer second = new SpillBuffer(8 << 20, tmp, pool);
        byte[] data = TestBytes.random(10, 4);
        second.write(data, 0, data.length);
        assertEquals(1, pool.size(), "one chunk taken from the pool, none allocated");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        second.drainTo(out);
        assertArrayEquals(data, out.toByteArray());
        assertEquals(2, pool.size(), "and given back when drained");
    }
}
