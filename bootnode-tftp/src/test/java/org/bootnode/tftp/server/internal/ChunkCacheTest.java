package org.bootnode.tftp.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.bootnode.tftp.internal.BlockSender;
import org.bootnode.tftp.server.TftpFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared runs of DATA packets: read once, shared, bounded, given back, never leaked. */
class ChunkCacheTest {
    static final int BLKSIZE = 512;
    static final int PER_RUN = 4;
    /** Bytes of one full run of PER_RUN packets. */
    static final int RUN = PER_RUN * (BLKSIZE + 4);
    static final byte[] FILE = new byte[40 * BLKSIZE + 7];

    static {
        for (int i = 0; i < FILE.length; i++) {
            FILE[i] = (byte) (i * 7);
        }
    }

    /** The file threads, run by the test when it says so. */
    final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    final Executor files = tasks::add;
    final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true);
    final BlockSender geometry = new BlockSender(FILE.length, BLKSIZE, 1, false, 1_000_000_000L, 3);
    final AtomicInteger reads = new AtomicInteger();
    ChunkCache cache = new ChunkCache(3 * RUN, files);

    @AfterEach
    void nothingLeaks() {
        cache.close();
        assertEquals(0, cache.sharedBytes() + cache.ownBytes(), "bytes still counted");
        assertEquals(0, alloc.metric().usedDirectMemory(), "packets not freed");
    }

    ChunkCache.Key key(Object file, long index) {
        return new ChunkCache.Key(file, FILE.length, BLKSIZE, PER_RUN, index);
    }

    ChunkCache.Loader loader(long index) {
        return () -> {
            reads.incrementAndGet();
            long first = 1 + index * PER_RUN;
            return BlockChunk.read(TftpFile.of(FILE), geometry, first, first + PER_RUN - 1, alloc);
        };
    }

    /** What a Delivery got. */
    static final class Got implements ChunkCache.Delivery {
        final List<Object> got = new ArrayList<>();

        @Override
        public void deliver(BlockChunk chunk, IOException error) {
            got.add(chunk != null ? chunk : error != null ? error : "not read");
        }

        BlockChunk chunk() {
            assertEquals(1, got.size(), "deliveries");
            return assertInstanceOf(BlockChunk.class, got.get(0));
        }
    }

    ChunkCache.Claim ask(Object file, long index, Got then) {
        return cache.acquire(key(file, index), RUN, false, loader(index), then);
    }

    void runTasks() {
        Runnable r;
        while ((r = tasks.poll()) != null) {
            r.run();
        }
    }

    @Test
    void twoTransfersOfOneFileShareOneRunReadOnce() {
        Got a = new Got();
        Got b = new Got();
        assertInstanceOf(ChunkCache.Pending.class, ask("f", 0, a));
        assertInstanceOf(ChunkCache.Pending.class, ask("f", 0, b), "waits for the read under way");
        runTasks();
        assertEquals(1, reads.get());
        assertSame(a.chunk(), b.chunk());
        assertEquals(RUN, cache.sharedBytes());
        assertEquals(1, cache.runsInUse());

        // A third transfer later finds it ready, without a read.
        ChunkCache.Claim c = ask("f", 0, new Got());
        assertSame(a.chunk(), assertInstanceOf(ChunkCache.Ready.class, c).chunk());
        assertEquals(1, reads.get());
        a.chunk().release();
        b.chunk().release();
        assertEquals(1, cache.runsInUse());
        ((ChunkCache.Ready) c).chunk().release();
        assertEquals(0, cache.runsInUse());
        assertEquals(1, cache.runs(), "kept, unused, for the next transfer");
    }

    @Test
    void anotherIdentityGetsItsOwnRun() {
        Got old = new Got();
        Got changed = new Got();
        ask(new Object(), 0, old);
        ask(new Object(), 0, changed);
        runTasks();
        assertEquals(2, reads.get());
        assertNotSame(old.chunk(), changed.chunk());
        old.chunk().release();
        changed.chunk().release();
    }

    @Test
    void aFailedReadFailsEveryWaiterAndIsNotKept() {
        Got a = new Got();
        Got b = new Got();
        ChunkCache.Loader changed = () -> {
            throw new IOException("file changed while being served");
        };
        cache.acquire(key("f", 0), RUN, false, changed, a);
        cache.acquire(key("f", 0), RUN, false, changed, b);
        runTasks();
        assertEquals("file changed while being served", ((IOException) a.got.get(0)).getMessage());
        assertEquals("file changed while being served", ((IOException) b.got.get(0)).getMessage());
        assertEquals(0, cache.runs());
        assertEquals(0, cache.sharedBytes());
        // The next transfer reads it again.
        Got c = new Got();
        ask("f", 0, c);
        runTasks();
        c.chunk().release();
    }

    /** Before: an inline read failing with a runtime exception threw on the loop and left the entry loading for ever. */
    @Test
    void aReadFailingWithARuntimeExceptionFailsItsTransferAndIsNotKept() {
        Got a = new Got();
        ChunkCache.Loader broken = () -> {
            throw new IllegalStateException("bad mapping");
        };
        assertInstanceOf(ChunkCache.Pending.class, cache.acquire(key("f", 0), RUN, true, broken, a));
        assertEquals("java.lang.IllegalStateException: bad mapping", ((IOException) a.got.get(0)).getMessage());
        assertEquals(0, cache.runs());
        Got b = new Got();
        ask("f", 0, b);
        runTasks();
        b.chunk().release(); // read again: the failed entry was not left loading
    }

    @Test
    void unusedRunsMakeWayOldestFirst() {
        for (long i = 0; i < 3; i++) {
            Got g = new Got();
            ask("f", i, g);
            runTasks();
            g.chunk().release();
        }
        assertEquals(3 * RUN, cache.sharedBytes());
        Got g = new Got();
        ask("f", 3, g);
        runTasks();
        assertEquals(3, cache.runs(), "at most 3 runs' bytes");
        assertEquals(0, cache.ownBytes());
        // Run 0 was the oldest unused and made way; run 2 is still there.
        ChunkCache.Claim kept = ask("f", 2, new Got());
        assertInstanceOf(ChunkCache.Ready.class, kept).chunk().release();
        assertEquals(4, reads.get());
        Got again = new Got();
        ask("f", 0, again);
        runTasks();
        assertEquals(5, reads.get());
        again.chunk().release();
        g.chunk().release();
    }

    @Test
    void pastTheBoundATransferReadsItsOwnRunThenIsBusy() {
        List<BlockChunk> held = new ArrayList<>();
        for (long i = 0; i < 3; i++) {
            Got g = new Got();
            ask("f", i, g);
            runTasks();
            held.add(g.chunk());
        }
        // Every shared run in use: the next run is this transfer's own, as before sharing.
        List<BlockChunk> own = new ArrayList<>();
        for (long i = 3; i < 6; i++) {
            Got g = new Got();
            assertInstanceOf(ChunkCache.Pending.class, ask("f", i, g));
            runTasks();
            own.add(g.chunk());
        }
        assertEquals(3 * RUN, cache.sharedBytes());
        assertEquals(3 * RUN, cache.ownBytes());
        assertEquals(3, cache.runs(), "own runs are not shared");
        // Both budgets spent: busy, the transfer's timer asks again.
        assertInstanceOf(ChunkCache.Busy.class, ask("f", 6, new Got()));
        assertNull(tasks.peek());
        own.get(0).release();
        assertEquals(2 * RUN, cache.ownBytes());
        Got again = new Got();
        ask("f", 6, again);
        runTasks();
        again.chunk().release();
        own.subList(1, 3).forEach(BlockChunk::release);
        held.forEach(BlockChunk::release);
    }

    @Test
    void closeFreesUnusedRunsNowAndRunsInUseAtTheirLastRelease() {
        Got a = new Got();
        Got b = new Got();
        ask("f", 0, a);
        ask("f", 1, b);
        runTasks();
        a.chunk().release();
        cache.close();
        assertEquals(RUN, cache.sharedBytes(), "run 1 is still in use");
        assertInstanceOf(ChunkCache.Busy.class, ask("f", 2, new Got()), "closed");
        b.chunk().release();
        assertEquals(0, cache.sharedBytes());
        assertEquals(0, alloc.metric().usedDirectMemory());
    }

    @Test
    void aReadFinishingAfterCloseIsGivenToItsWaitersAndFreedByThem() {
        Got a = new Got();
        ask("f", 0, a);
        cache.close();
        runTasks();
        a.chunk().release();
        assertEquals(0, cache.sharedBytes());
    }

    @Test
    void fullFileThreadsLeaveNothingBehind() {
        cache = new ChunkCache(3 * RUN, r -> {
            throw new RejectedExecutionException("full");
        });
        Got a = new Got();
        assertInstanceOf(ChunkCache.Pending.class, cache.acquire(key("f", 0), RUN, false, loader(0), a));
        assertEquals(List.of("not read"), a.got);
        assertEquals(0, cache.runs());
        // Not shared (no identity): no budget kept either.
        assertInstanceOf(ChunkCache.Busy.class, cache.acquire(null, RUN, false, loader(0), new Got()));
        assertEquals(0, cache.ownBytes());
    }

    @Test
    void aFileInMemoryIsReadInline() {
        ChunkCache.Claim c = cache.acquire(key("f", 0), RUN, true, loader(0), new Got());
        BlockChunk chunk = assertInstanceOf(ChunkCache.Ready.class, c).chunk();
        assertNull(tasks.peek());
        ChunkCache.Claim own = cache.acquire(null, RUN, true, loader(1), new Got());
        BlockChunk mine = assertInstanceOf(ChunkCache.Ready.class, own).chunk();
        assertEquals(RUN, cache.ownBytes());
        mine.release();
        chunk.release();
        assertEquals(0, cache.ownBytes());
    }
}
