package org.bootnode.tftp.server.internal.fastpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bootnode.tftp.server.TftpFile;
import org.junit.jupiter.api.Test;

/** One loop's pending block: read once when the loop is idle, replaced, forgotten, never an error. */
class PrefetchTest {
    /** A file that records its reads ("position+length") and hands out at most {@code perRead} bytes a read. */
    static final class Recording implements TftpFile {
        final List<String> reads = new ArrayList<>();
        final int perRead;
        boolean fail;

        Recording(int perRead) {
            this.perRead = perRead;
        }

        @Override
        public long size() {
            return 1 << 20;
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            if (fail) {
                throw new IOException("closed");
            }
            int n = Math.min(perRead, dst.remaining());
            reads.add(position + "+" + n);
            dst.position(dst.position() + n);
            return n;
        }
    }

    final Prefetch loop = new Prefetch();
    final Recording file = new Recording(65464);

    @Test
    void thePendingBlockIsReadOnceWhenTheLoopIsIdle() {
        loop.set(file, 65464, 65464);
        assertTrue(loop.pending());
        assertEquals(List.of(), file.reads, "nothing read when offered");
        loop.run();
        assertEquals(List.of("65464+65464"), file.reads);
        loop.run();
        assertEquals(1, file.reads.size(), "read once");
        assertFalse(loop.pending());
    }

    @Test
    void aShortReadIsFollowedUpToTheBlocksEnd() {
        Recording slow = new Recording(30000);
        loop.set(slow, 100, 65464);
        loop.run();
        assertEquals(List.of("100+30000", "30100+30000", "60100+5464"), slow.reads);
    }

    @Test
    void aNewerBlockReplacesThePendingOne() {
        Recording other = new Recording(65464);
        loop.set(file, 0, 65464);
        loop.set(other, 65464, 1000);
        loop.run();
        assertEquals(List.of(), file.reads, "at most one block per loop");
        assertEquals(List.of("65464+1000"), other.reads);
    }

    @Test
    void anEndedTransfersBlockIsForgotten() {
        Recording other = new Recording(65464);
        loop.set(file, 0, 65464);
        loop.clear(other);
        assertTrue(loop.pending(), "another file's end leaves it");
        loop.clear(file);
        assertFalse(loop.pending());
        loop.run();
        assertEquals(List.of(), file.reads);
    }

    @Test
    void aFailedReadIsOnlyAMissedWarmUp() {
        file.fail = true;
        loop.set(file, 0, 65464);
        loop.run();
        assertFalse(loop.pending());
        file.fail = false;
        loop.set(file, 0, 512);
        loop.run();
        assertEquals(List.of("0+512"), file.reads, "the loop's next block is read as usual");
    }

    @Test
    void blockLengthIsChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loop.set(file, 0, 65465));
        assertEquals("length: 65465 (expected: 1..65464)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> loop.set(file, 0, 0));
    }

    @Test
    void eachThreadHasItsOwnPendingBlock() throws Exception {
        Prefetch.offer(file, 0, 512);
        Thread other = new Thread(Prefetch::runPending);
        other.start();
        other.join(10_000);
        assertFalse(other.isAlive());
        assertEquals(List.of(), file.reads, "another loop does not read this loop's block");
        Prefetch.runPending();
        assertEquals(List.of("0+512"), file.reads);
        Prefetch.offer(file, 512, 512);
        Prefetch.forget(file);
        Prefetch.runPending();
        assertEquals(1, file.reads.size());
    }
}
