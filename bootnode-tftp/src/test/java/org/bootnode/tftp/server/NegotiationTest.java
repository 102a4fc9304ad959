package org.bootnode.tftp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.bootnode.tftp.TftpErrorCode;
import org.bootnode.tftp.TftpOptions;
import org.bootnode.tftp.TftpProtocolException;
import org.bootnode.tftp.server.internal.Negotiation;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class NegotiationTest {
    static final TftpServerConfig CONFIG = TftpServerConfig.builder().maxBlockSize(8192).maxWindowSize(16).build();

    private static TftpOptions opts(String... kv) {
        TftpOptions.Builder b = TftpOptions.builder();
        for (int i = 0; i < kv.length; i += 2) {
            b.put(kv[i], kv[i + 1]);
        }
        return b.build();
    }

    @Test
    void oackListsOnlyKnownOptionsInTheClientsOrder() throws Exception {
        Negotiation n = Negotiation.negotiate(opts("TSIZE", "0", "multicast", "", "BlkSize", "1432"), 1000, CONFIG);
        assertEquals(opts("tsize", "1000", "blksize", "1432"), n.oack());
        assertEquals(1432, n.blockSize());
    }

    @Test
    void noOptionsMeansNoOack() throws Exception {
        Negotiation n = Negotiation.negotiate(TftpOptions.empty(), 1000, CONFIG);
        assertTrue(n.oack().isEmpty());
        assertEquals(512, n.blockSize());
        assertEquals(1, n.windowSize());
    }

    @Test
    void blockSizeAndWindowAreCappedByTheConfig() throws Exception {
        Negotiation n = Negotiation.negotiate(opts("blksize", "65464", "windowsize", "64"), 1, CONFIG);
        assertEquals(8192, n.blockSize());
        assertEquals(16, n.windowSize());
        assertEquals(opts("blksize", "8192", "windowsize", "16"), n.oack());
    }

    @Test
    void blockSizeBelowEightIsRefused() {
        TftpProtocolException e = assertThrows(TftpProtocolException.class, () -> Negotiation.negotiate(opts("blksize", "7"), 1, CONFIG));
        assertEquals(TftpErrorCode.OPTION_REFUSED, e.errorCode());
    }

    @Test
    void valuesThatAreNotNumbersAreRefused() {
        assertThrows(TftpProtocolException.class, () -> Negotiation.negotiate(opts("blksize", "big"), 1, CONFIG));
        assertThrows(TftpProtocolException.class, () -> Negotiation.negotiate(opts("windowsize", "-1"), 1, CONFIG));
        assertThrows(TftpProtocolException.class, () -> Negotiation.negotiate(opts("tsize", "x"), 1, CONFIG));
    }

    @Test
    void timeoutOutOfRangeIsLeftOut() throws Exception {
        assertTrue(Negotiation.negotiate(opts("timeout", "0"), 1, CONFIG).oack().isEmpty());
        assertEquals(3_000_000_000L, Negotiation.negotiate(opts("timeout", "3"), 1, CONFIG).timeoutNanos());
    }

    @Test
    void writeLargerThanTheUploadLimitIsDiskFull() {
        TftpServerConfig c = CONFIG.toBuilder().writeEnabled(Path.of("/tmp"), 100).build();
        TftpProtocolException e = assertThrows(TftpProtocolException.class, () -> Negotiation.negotiate(opts("tsize", "101"), -1, c));
        assertEquals(TftpErrorCode.DISK_FULL, e.errorCode());
    }

    @Property(tries = 300)
    void grantedBlockSizeIsNeverAboveWhatWasAskedOrAllowed(@ForAll @LongRange(min = 8, max = 1_000_000) long asked) throws Exception {
        Negotiation n = Negotiation.negotiate(opts("blksize", Long.toString(asked)), 1, CONFIG);
        assertTrue(n.blockSize() <= asked && n.blockSize() <= 8192 && n.blockSize() >= 8);
    }
}
