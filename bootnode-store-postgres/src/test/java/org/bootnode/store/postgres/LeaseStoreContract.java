package org.bootnode.store.postgres;

import static org.bootnode.store.postgres.Leases.LATER;
import static org.bootnode.store.postgres.Leases.bound;
import static org.bootnode.store.postgres.Leases.boundWithId;
import static org.bootnode.store.postgres.Leases.committed;
import static org.bootnode.store.postgres.Leases.ip;
import static org.bootnode.store.postgres.Leases.mac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.bootnode.dhcp.ClientId;
import org.bootnode.dhcp.lease.Lease;
import org.bootnode.dhcp.lease.LeaseStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LeaseStore} answers, as bootnode-dhcp's javadoc states it. Run against
 * bootnode-dhcp's InMemoryLeaseStore (the reference) and against PostgreSQL, so both answer alike.
 */
abstract class LeaseStoreContract {
    LeaseStore store;

    abstract LeaseStore open();

    @BeforeEach
    void openStore() {
        store = open();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void aPutLeaseIsFoundByClientAndByAddress() {
        committed(store.put(bound(1, 10)));
        assertEquals(Optional.of(bound(1, 10)), store.byMac(mac(1)));
        assertEquals(Optional.of(bound(1, 10)), store.byAddress(ip(10)));
        assertEquals(Optional.empty(), store.byMac(mac(2)));
        assertEquals(Optional.empty(), store.byAddress(ip(11)));
    }

    @Test
    void aClientHoldsOneBoundLease() {
        committed(store.put(bound(1, 10)));
        committed(store.put(bound(1, 11)));
        assertEquals(Optional.of(bound(1, 11)), store.byMac(mac(1)));
        assertEquals(Optional.empty(), store.byAddress(ip(10)), "the previous address is free");
        assertEquals(1, store.all().size());
    }

    @Test
    void theClientIdentifierNamesTheClientAndTheMacIsTheFallback() {
        Lease withId = boundWithId(1, 10);
        committed(store.put(withId));
        assertEquals(Optional.of(withId), store.byClient(mac(1), withId.clientId()));
        assertEquals(Optional.of(withId), store.byClient(mac(1), null), "no identifier: the MAC decides");
        assertEquals(Optional.empty(), store.byClient(mac(1), ClientId.of(new byte[] {9, 9})), "another identifier");
    }

    @Test
    void releaseFreesTheAddressOnlyForItsHolder() {
        committed(store.put(bound(1, 10)));
        committed(store.release(mac(2), null, ip(10)));
        committed(store.release(mac(1), null, ip(11)));
        assertEquals(Optional.of(bound(1, 10)), store.byAddress(ip(10)), "not released by another client or address");
        committed(store.release(mac(1), null, ip(10)));
        assertEquals(Optional.empty(), store.byAddress(ip(10)));
        assertEquals(Optional.empty(), store.byMac(mac(1)));
    }

    @Test
    void aDeclinedAddressIsSetAsideAndHeldByNoClient() {
        committed(store.put(bound(1, 10)));
        Lease declined = new Lease(mac(1), ip(10), "", LATER, Lease.State.DECLINED);
        committed(store.put(declined));
        assertEquals(Optional.of(declined), store.byAddress(ip(10)));
        assertEquals(Optional.empty(), store.byMac(mac(1)));
    }

    @Test
    void allIsASnapshotOfEveryLease() {
        Set<Lease> expected = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            committed(store.put(bound(i, 100 + i)));
            expected.add(bound(i, 100 + i));
        }
        assertEquals(expected, new HashSet<>(store.all()));
        assertTrue(store.all().stream().allMatch(l -> l.state() == Lease.State.BOUND));
    }
}
