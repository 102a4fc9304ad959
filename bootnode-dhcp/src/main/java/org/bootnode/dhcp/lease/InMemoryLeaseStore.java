package org.bootnode.dhcp.lease;

import java.net.Inet4Address;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.bootnode.dhcp.ClientId;
import org.bootnode.dhcp.MacAddress;

/** A {@link LeaseStore} in memory only: every write is "durable" at once. For tests and embedders that want it. */
public final class InMemoryLeaseStore implements LeaseStore {
    private final LeaseTable table = new LeaseTable();

    @Override
    public Optional<Lease> byClient(MacAddress mac, ClientId clientId) {
        return table.byClient(mac, clientId);
    }

    @Override
    public Optional<Lease> byAddress(Inet4Address address) {
        return table.byAddress(address);
    }

    @Override
    public CompletionStage<Void> put(Lease lease) {
        table.put(lease);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> release(MacAddress mac, ClientId clientId, Inet4Address address) {
        table.release(mac, clientId, address);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Collection<Lease> all() {
        return List.copyOf(table.all());
    }

    @Override
    public void close() {
    }
}
