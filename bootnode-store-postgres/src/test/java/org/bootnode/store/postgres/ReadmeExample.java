package org.bootnode.store.postgres;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.lease.Lease;
import org.bootnode.dhcp.lease.LeaseStore;

/** The README's embedding example; {@link ReadmeTest} checks that the README shows exactly this. */
final class ReadmeExample {
    private ReadmeExample() {}

    static Lease run(String url, Path passwordFile, Lease lease) {
        // README example begin
        LeaseStore leases = PostgresLeaseStore.builder()
                .url(url)                          // jdbc:postgresql://db.cluster/bootnode
                .user("bootnode")
                .passwordFile(passwordFile)        // first line of the file
                .serverName("head-1")              // written into each row this server writes
                .reloadInterval(Duration.ofSeconds(30))
                .build();                          // connects, migrates, loads: or StoreStartException
        leases.put(lease).whenComplete((ok, error) -> {
            // error == null: committed, send the ACK (on the event loop, not here).
            // AddressConflictException: the other head node gave the address first; no ACK.
            // StoreUnavailableException: the database is away; no ACK, the client asks again.
        });
        MacAddress mac = lease.mac();
        Lease mine = leases.byMac(mac).orElseThrow(); // from memory, at once
        leases.close();
        // README example end
        return mine;
    }

    /** A lease for the example. */
    static Lease sample(MacAddress mac) {
        return new Lease(mac, Leases.ip(10), "node-000", Instant.now().plus(Duration.ofHours(12)), Lease.State.BOUND);
    }
}
