package org.bootnode.tftp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BlockReceiverTest {
    static final long T = 1_000_000_000L;

    @Test
    void acksTheLastBlockOfEachWindowAndTheShortFinalBlock() {
        BlockReceiver r = new BlockReceiver(512, 3, T, 3, 0);
        assertEquals(-1, r.onData(1, 512, 1).ack());
        assertEquals(-1, r.onData(2, 512, 2).ack());
        assertEquals(3, r.onData(3, 512, 3).ack());
        BlockReceiver.Step last = r.onData(4, 100, 4);
        assertTrue(last.accept());
        assertTrue(last.last());
        assertEquals(4, last.ack());
    }

    @Test
    void aGapIsAckedOnceSoTheSenderResumes() {
        BlockReceiver r = new BlockReceiver(512, 4, T, 3, 0);
        r.onData(1, 512, 1);
        BlockReceiver.Step gap = r.onData(3, 512, 2);
        assertFalse(gap.accept());
        assertEquals(1, gap.ack());
        assertEquals(-1, r.onData(4, 512, 3).ack());
        assertTrue(r.onData(2, 512, 4).accept());
    }

    @Test
    void aRepeatOfTheAcknowledgedBlockIsAckedAgainOtherRepeatsAreNot() {
        BlockReceiver r = new BlockReceiver(512, 2, T, 3, 0);
        r.onData(1, 512, 1);
        assertEquals(2, r.onData(2, 512, 2).ack());
        assertEquals(-1, r.onData(1, 512, 3).ack());
        assertEquals(2, r.onData(2, 512, 4).ack());
    }

    @Test
    void timeoutResendsTheLastAckThenGivesUp() {
        BlockReceiver r = new BlockReceiver(512, 1, T, 1, 0);
        r.onData(1, 512, 0);
        assertEquals(-1, r.onTimeout(T - 1));
        assertEquals(1, r.onTimeout(T));
        assertEquals(-2, r.onTimeout(2 * T));
    }

    @Test
    void blockNumbersRollOver() {
        BlockReceiver r = new BlockReceiver(8, 1, T, 1, 0);
        for (long b = 1; b <= 65536 + 10; b++) {
            assertTrue(r.onData(BlockSender.wire(b), 8, b).accept(), "block " + b);
        }
        assertEquals(65546, r.received());
    }
}
