package org.bootnode.store.postgres;

import org.bootnode.dhcp.lease.InMemoryLeaseStore;
import org.bootnode.dhcp.lease.LeaseStore;

/** The contract on bootnode-dhcp's reference store: shows the contract is the dhcp module's own. */
class InMemoryLeaseStoreContractTest extends LeaseStoreContract {
    @Override
    LeaseStore open() {
        return new InMemoryLeaseStore();
    }
}
