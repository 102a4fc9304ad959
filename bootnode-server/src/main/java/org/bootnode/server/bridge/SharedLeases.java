package org.bootnode.server.bridge;

import java.util.function.Supplier;
import org.bootnode.dhcp.lease.Lease;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.config.ServerSection;
import org.bootnode.server.config.StoreSection;
import org.bootnode.server.inventory.Inventory;
import org.bootnode.server.metrics.ServerMetrics;
import org.bootnode.store.postgres.PostgresLeaseStore;
import org.bootnode.store.postgres.StoreStartException;

/**
 * {@code store: { postgres: ... }}: the lease store every head node given the same database
 * shares (bootnode-store-postgres). Each server writes its own address as its name into the rows
 * it writes; a node's reservation is answered from memory while the database is away, a pool
 * address is not (the database alone can tell that no other head node gave it).
 */
final class SharedLeases {
    private SharedLeases() {
    }

    /**
     * Connects, migrates and loads the leases, and points the store's counters at {@code metrics}.
     *
     * @param inventory the nodes now (read at each put while the database is away: a reload's
     *     reservations count at once)
     * @throws StoreStartException the database is unreachable, refused the credentials, or holds
     *     a newer schema
     */
    static PostgresLeaseStore open(StoreSection.Postgres pg, ServerSection server, Supplier<Inventory> inventory,
            ServerMetrics metrics) {
        PostgresLeaseStore.Builder b = PostgresLeaseStore.builder()
                .url(pg.url())
                .serverName(server.address().getHostAddress())
                .acceptWhileUnavailable(lease -> isReservation(inventory.get(), lease));
        if (pg.user() != null) {
            b.user(pg.user());
        }
        if (pg.passwordFile() != null) {
            b.passwordFile(pg.passwordFile());
        }
        PostgresLeaseStore store = b.build();
        metrics.storeCommitted.track(() -> store.stats().committed());
        metrics.storeConflicts.track(() -> store.stats().conflicts());
        metrics.storeFailed.track(() -> store.stats().failed());
        metrics.storeConnectionsLost.track(() -> store.stats().connectionsLost());
        metrics.storeAcceptedUnavailable.track(() -> store.stats().acceptedUnavailable());
        metrics.storeAvailable.track(() -> store.available() ? 1 : 0);
        return store;
    }

    /** Whether the lease's address is its MAC's reservation: unique by configuration, so safe without the database. */
    static boolean isReservation(Inventory inventory, Lease lease) {
        return inventory.node(lease.mac()).map(NodeSpec::ip).filter(lease.address()::equals).isPresent();
    }
}
