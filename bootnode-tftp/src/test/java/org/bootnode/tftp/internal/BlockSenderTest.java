package org.bootnode.tftp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bootnode.tftp.internal.BlockSender.Done;
import org.bootnode.tftp.internal.BlockSender.Failed;
import org.bootnode.tftp.internal.BlockSender.Ignore;
import org.bootnode.tftp.internal.BlockSender.Send;
import org.junit.jupiter.api.Test;

/** The sender driven by hand: time is an argument, nothing sleeps. */
class BlockSenderTest {
    static final long T = 1_000_000_000L; // 1 s timeout

    @Test
    void withoutOptionsData1GoesFirstAndAnExactMultipleEndsWithAnEmptyBlock() {
        BlockSender s = new BlockSender(1024, 512, 1, false, T, 3);
        assertEquals(new Send(1, 1), s.start(0));
        assertEquals(new Send(2, 2), s.onAck(1, 1));
        assertEquals(new Send(3, 3), s.onAck(2, 2));
        assertEquals(0, s.length(3));
        assertInstanceOf(Done.class, s.onAck(3, 3));
    }

    @Test
    void emptyFileIsOneEmptyBlock() {
        BlockSender s = new BlockSender(0, 512, 4, false, T, 3);
        assertEquals(new Send(1, 1), s.start(0));
        assertEquals(0, s.length(1));
        assertInstanceOf(Done.class, s.onAck(1, 1));
    }

    @Test
    void oackIsBlockZeroAndIsResentOnTimeout() {
        BlockSender s = new BlockSender(100, 512, 1, true, T, 3);
        assertEquals(new Send(0, 0), s.start(0));
        assertInstanceOf(Ignore.class, s.onTimeout(T - 1));
        assertEquals(new Send(0, 0), s.onTimeout(T));
        assertInstanceOf(Ignore.class, s.onTimeout(2 * T));
        assertEquals(new Send(1, 1), s.onAck(0, T + 5));
        assertInstanceOf(Done.class, s.onAck(1, T + 6));
    }

    @Test
    void duplicateAckNeverSendsASecondCopy() {
        // RFC 1123 §4.2.3.1: the Sorcerer's Apprentice bug is answering a duplicate ACK.
        BlockSender s = new BlockSender(5000, 512, 1, false, T, 3);
        s.start(0);
        assertEquals(new Send(2, 2), s.onAck(1, 1));
        assertInstanceOf(Ignore.class, s.onAck(1, 2));
        assertInstanceOf(Ignore.class, s.onAck(1, 3));
        assertEquals(new Send(3, 3), s.onAck(2, 4));
    }

    @Test
    void windowIsSentWholeAndTheNextFollowsTheLastAck() {
        BlockSender s = new BlockSender(512 * 10 + 1, 512, 4, false, T, 3);
        assertEquals(new Send(1, 4), s.start(0));
        assertEquals(new Send(5, 8), s.onAck(4, 1));
        assertEquals(new Send(9, 11), s.onAck(8, 2));
        assertInstanceOf(Done.class, s.onAck(11, 3));
    }

    @Test
    void ackOfAnEarlierBlockResumesAfterIt() {
        // RFC 7440 §4: the receiver saw a gap after block 6 and asks to resume from 7.
        BlockSender s = new BlockSender(512 * 20, 512, 4, false, T, 3);
        s.start(0);
        s.onAck(4, 1); // window 5..8 sent
        assertEquals(new Send(7, 10), s.onAck(6, 2));
        // The late ACK of 5 is behind what was acknowledged: ignored, nothing resent.
        assertInstanceOf(Ignore.class, s.onAck(5, 3));
    }

    @Test
    void timeoutResendsThePartialWindowFromTheFirstUnacknowledgedBlock() {
        BlockSender s = new BlockSender(512 * 20, 512, 8, false, T, 3);
        s.start(0); // 1..8
        assertEquals(new Send(9, 16), s.onAck(8, 10));
        assertInstanceOf(Ignore.class, s.onTimeout(10 + T - 1));
        assertEquals(new Send(9, 16), s.onTimeout(10 + T));
        assertInstanceOf(Ignore.class, s.onTimeout(10 + 2 * T));
        assertEquals(new Send(13, 20), s.onAck(12, 10 + 2 * T + 1));
    }

    @Test
    void retriesRunOutIntoFailure() {
        BlockSender s = new BlockSender(512 * 3, 512, 1, false, T, 2);
        s.start(0);
        assertInstanceOf(Send.class, s.onTimeout(T));
        assertInstanceOf(Send.class, s.onTimeout(3 * T));
        assertInstanceOf(Failed.class, s.onTimeout(7 * T));
        assertTrue(s.finished());
    }

    @Test
    void consecutiveTimeoutsBackOffExponentiallyUpToACap() {
        // busybox ignores repeated DATA and restarts its wait on each: a fixed 200 ms resend
        // would keep it from ever resending its lost ACK once its own wait grew past 200 ms.
        long t = 200_000_000L;
        BlockSender s = new BlockSender(512 * 3, 512, 1, false, t, 10);
        s.start(0);
        long now = 0;
        long[] expected = {2 * t, 4 * t, 8 * t, 3_000_000_000L, 3_000_000_000L};
        for (long wait : expected) {
            now = s.deadline();
            assertInstanceOf(Send.class, s.onTimeout(now));
            assertEquals(wait, s.deadline() - now);
        }
        s.onAck(1, now + 1);
        assertEquals(t, s.deadline() - (now + 1));
    }

    /**
     * Issue 23, defect 4: a client's {@code timeout 255} was multiplied by the backoff (255, 510,
     * 1020, then 2040 s three times): a silent client held its slot for about two hours.
     */
    @Test
    void theBackoffCapDoesNotMultiplyAClientsLongTimeout() {
        long t = 255 * T;
        BlockSender s = new BlockSender(512 * 3, 512, 1, true, t, 5, new BlockSender.Limits(8 * T, Long.MAX_VALUE, Long.MAX_VALUE));
        s.start(0);
        for (int i = 0; i < 5; i++) {
            long now = s.deadline();
            assertInstanceOf(Send.class, s.onTimeout(now));
            assertEquals(t, s.deadline() - now, "the wait stays at the client's timeout");
        }
    }

    @Test
    void theBackoffCapKeepsTheDefaultsForShortTimeouts() {
        BlockSender s = new BlockSender(512 * 3, 512, 1, false, T, 10, new BlockSender.Limits(8 * T, Long.MAX_VALUE, Long.MAX_VALUE));
        s.start(0);
        long[] expected = {2 * T, 4 * T, 8 * T, 8 * T};
        for (long wait : expected) {
            long now = s.deadline();
            s.onTimeout(now);
            assertEquals(wait, s.deadline() - now);
        }
    }

    @Test
    void aSilentPeerIsGivenUpAfterTheStallLimitWhateverItsRetries() {
        long t = 255 * T;
        BlockSender s = new BlockSender(512 * 3, 512, 1, true, t, 5, new BlockSender.Limits(8 * T, 60 * T, Long.MAX_VALUE));
        s.start(0);
        assertEquals(60 * T, s.deadline(), "the timer is due at the stall limit, before the client's timeout");
        Failed f = assertInstanceOf(Failed.class, s.onTimeout(60 * T));
        assertEquals("no ACK for 60000 ms (block 0)", f.reason());
    }

    @Test
    void theStallLimitCountsFromTheLastAckOfANewBlock() {
        BlockSender s = new BlockSender(512 * 100, 512, 1, false, T, 100, new BlockSender.Limits(8 * T, 10 * T, Long.MAX_VALUE));
        s.start(0);
        assertInstanceOf(Send.class, s.onAck(1, 5 * T));
        long now = 5 * T;
        while (true) {
            now = s.deadline();
            if (!(s.onTimeout(now) instanceof Send)) {
                break;
            }
        }
        assertEquals(15 * T, now);
        assertTrue(s.finished());
    }

    @Test
    void aTransferThatRunsOverItsTimeLimitFails() {
        BlockSender s = new BlockSender(512 * 100, 512, 1, false, T, 100, new BlockSender.Limits(8 * T, 10 * T, 30 * T));
        s.start(0);
        long now = 0;
        for (int b = 1; b <= 29; b++) {
            now = b * T;
            assertInstanceOf(Send.class, s.onAck(b, now), "a slow client that keeps ACKing goes on");
        }
        assertEquals(30 * T, s.deadline());
        Failed f = assertInstanceOf(Failed.class, s.onTimeout(30 * T));
        assertTrue(f.reason().startsWith("transfer ran for 30000 ms"), f.reason());
    }

    @Test
    void progressResetsTheRetryCount() {
        BlockSender s = new BlockSender(512 * 5, 512, 1, false, T, 1);
        s.start(0);
        assertInstanceOf(Send.class, s.onTimeout(T));
        assertInstanceOf(Send.class, s.onAck(1, T + 1));
        assertInstanceOf(Send.class, s.onTimeout(2 * T + 1));
    }

    @Test
    void blockNumbersRollOverToZeroPast65535() {
        long blocks = 70_000;
        BlockSender s = new BlockSender(blocks * 8 + 3, 8, 16, false, T, 3);
        Send send = (Send) s.start(0);
        long now = 0;
        long sawWireZeroAt = -1;
        while (true) {
            for (long b = send.first(); b <= send.last(); b++) {
                if (BlockSender.wire(b) == 0) {
                    sawWireZeroAt = b;
                }
            }
            BlockSender.Step next = s.onAck(BlockSender.wire(send.last()), ++now);
            if (next instanceof Done) {
                break;
            }
            send = (Send) next;
        }
        assertEquals(65536, sawWireZeroAt);
        assertEquals(70_001, s.lastBlock());
        assertEquals(blocks * 8 + 3, s.bytesAcked());
    }

    @Test
    void staleAckFromBeforeTheRolloverIsIgnored() {
        BlockSender s = new BlockSender(70_000L * 8, 8, 1, false, T, 3);
        s.start(0);
        for (int b = 1; b <= 65536; b++) {
            s.onAck(BlockSender.wire(b), b);
        }
        assertEquals(65536, s.acked());
        // A delayed duplicate of ACK 65535 arrives: not a reason to send anything.
        assertInstanceOf(Ignore.class, s.onAck(65535, 70_000));
        assertEquals(new Send(65538, 65538), s.onAck(BlockSender.wire(65537), 70_001));
    }
}
