package org.bootnode.tftp.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.bootnode.tftp.Request;
import org.bootnode.tftp.TftpOptions;
import org.bootnode.tftp.server.FastPath;
import org.bootnode.tftp.server.FileSource;
import org.bootnode.tftp.server.OptionPolicy;
import org.bootnode.tftp.server.TftpListener;
import org.bootnode.tftp.server.TftpServerConfig;
import org.junit.jupiter.api.Test;

/** Admission and eviction, with time driven by the test. */
class TransferRegistryTest {
    private final AtomicLong nanos = new AtomicLong();
    private final TransferRegistry registry = new TransferRegistry(2, 2, Duration.ofSeconds(2), nanos::get);
    private final ServerContext ctx = new ServerContext(TftpServerConfig.builder().build(),
            FileSource.inMemory(Map.of("f", new byte[1])), OptionPolicy.ALL, new TftpListener() {}, new ReadTransferTest.Inline(),
            registry, null, null, InetAddress.getLoopbackAddress(), nanos::get, FastPath.on());

    private ReadTransfer transfer(int host, int port) throws Exception {
        InetSocketAddress client = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) host}), port);
        return new ReadTransfer(ctx, Request.read("f", TftpOptions.empty()), client);
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    /**
     * Issue 21: in a storm every place is held by real clients whose first ACK is late. A newer
     * request must not push them out (it then is pushed out in turn, and few boot); it waits.
     */
    @Test
    void aFullTableOfTransfersWithinTheirFirstRoundTripsRefusesSilentlyAndEvictsNone() throws Exception {
        ReadTransfer a = transfer(1, 1000);
        ReadTransfer b = transfer(2, 1000);
        assertEquals(TransferRegistry.Admission.ADMITTED, registry.admit(a));
        assertEquals(TransferRegistry.Admission.ADMITTED, registry.admit(b));
        advance(Duration.ofMillis(1999));
        assertEquals(TransferRegistry.Admission.SERVER_FULL, registry.admit(transfer(3, 1000)));
        assertEquals(2, registry.total());
        assertEquals(2, registry.unconfirmed(), "neither pushed out");
    }

    /** Issue 23: a transfer that never hears its client makes way once its grace is over. */
    @Test
    void pastItsGraceTheOldestUnconfirmedTransferMakesWay() throws Exception {
        ReadTransfer a = transfer(1, 1000);
        assertEquals(TransferRegistry.Admission.ADMITTED, registry.admit(a));
        advance(Duration.ofSeconds(1));
        ReadTransfer b = transfer(2, 1000);
        assertEquals(TransferRegistry.Admission.ADMITTED, registry.admit(b));
        advance(Duration.ofSeconds(1));
        ReadTransfer c = transfer(3, 1000);
        assertEquals(TransferRegistry.Admission.ADMITTED, registry.admit(c), "a is 2 s old: it makes way");
        assertEquals(Set.of(b, c), registry.active());
        ReadTransfer d = transfer(4, 1000);
        assertEquals(TransferRegistry.Admission.SERVER_FULL, registry.admit(d), "b is 1 s old: it keeps its place");
    }

    @Test
    void aConfirmedTransferIsNeverPushedOut() throws Exception {
        ReadTransfer a = transfer(1, 1000);
        ReadTransfer b = transfer(2, 1000);
        registry.admit(a);
        registry.admit(b);
        registry.confirm(a);
        registry.confirm(b);
        advance(Duration.ofHours(1));
        assertEquals(TransferRegistry.Admission.SERVER_FULL, registry.admit(transfer(3, 1000)));
    }

    @Test
    void atItsAddressLimitAClientWaitsForItsOwnOldestTransfersGrace() throws Exception {
        TransferRegistry perClient = new TransferRegistry(10, 1, Duration.ofSeconds(2), nanos::get);
        assertEquals(TransferRegistry.Admission.ADMITTED, perClient.admit(transfer(1, 1000)));
        assertEquals(TransferRegistry.Admission.SERVER_FULL, perClient.admit(transfer(1, 1001)),
                "busy, not refused: its own transfer is within its grace");
        advance(Duration.ofSeconds(2));
        ReadTransfer confirmed = transfer(1, 1002);
        assertEquals(TransferRegistry.Admission.ADMITTED, perClient.admit(confirmed));
        assertEquals(1, perClient.total());
        perClient.confirm(confirmed);
        assertEquals(TransferRegistry.Admission.CLIENT_FULL, perClient.admit(transfer(1, 1003)),
                "every transfer of the address heard its client: too many transfers");
    }
}
