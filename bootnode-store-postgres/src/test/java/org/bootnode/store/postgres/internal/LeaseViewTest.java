package org.bootnode.store.postgres.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.lease.Lease;
import org.junit.jupiter.api.Test;

/** What the writer does to the view when the database does not commit a write. */
class LeaseViewTest {
    static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");

    static Lease lease(int client, int address) {
        return new Lease(MacAddress.parse(String.format("02:00:00:00:00:%02x", client)), ip(address), "", LATER,
                Lease.State.BOUND);
    }

    static Inet4Address ip(int i) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) i});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anUncommittedPutIsTakenBackAndWhatItDisplacedReturns() {
        LeaseView view = new LeaseView();
        Lease before = lease(1, 10);
        view.put(before);
        Lease moved = lease(1, 11);
        Lease displacedOfClient = view.exactlyOf(moved);
        view.put(moved);
        view.undo(moved, null, displacedOfClient);
        assertEquals(Optional.of(before), view.byClient(before.mac(), null));
        assertEquals(Optional.empty(), view.byAddress(ip(11)));
        assertEquals(Optional.of(before), view.byAddress(ip(10)));
    }

    @Test
    void anUndoLeavesANewerLeaseOnTheAddressAlone() {
        LeaseView view = new LeaseView();
        Lease mine = lease(1, 10);
        view.put(mine);
        Lease theirs = lease(2, 10); // the other server's commit, notified before our put failed
        view.put(theirs);
        view.undo(mine, null, null);
        assertEquals(Optional.of(theirs), view.byAddress(ip(10)));
        assertEquals(Optional.empty(), view.byClient(mine.mac(), null));
    }

    @Test
    void aReleaseThatFailedIsRestoredUnlessTheAddressWasTakenSince() {
        LeaseView view = new LeaseView();
        Lease held = lease(1, 10);
        view.put(held);
        view.release(held.mac(), null, ip(10));
        view.restore(held);
        assertEquals(Optional.of(held), view.byAddress(ip(10)));

        view.release(held.mac(), null, ip(10));
        view.put(lease(2, 10));
        view.restore(held);
        assertEquals(Optional.of(lease(2, 10)), view.byAddress(ip(10)));
        assertEquals(Optional.empty(), view.byClient(held.mac(), null));
    }

    @Test
    void aReloadReplacesEverything() {
        LeaseView view = new LeaseView();
        view.put(lease(1, 10));
        view.replaceAll(List.of(lease(2, 20), lease(3, 30)));
        assertEquals(2, view.size());
        assertEquals(Optional.empty(), view.byClient(lease(1, 10).mac(), null));
        assertEquals(Optional.of(lease(3, 30)), view.byAddress(ip(30)));
    }
}
