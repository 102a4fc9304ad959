package org.bootnode.store.postgres.internal;

import java.net.Inet4Address;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.bootnode.dhcp.ClientId;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.lease.Lease;
import org.bootnode.dhcp.lease.LeaseTable;

/**
 * The memory view of the lease table that reads are answered from: bootnode-dhcp's own
 * {@link LeaseTable}, so that this store answers by the same rules as the journal store, plus
 * what two servers writing one database need (undoing a write the database refused, and which
 * addresses a local write is settling, so that a notification read earlier does not overwrite it).
 *
 * <p>Writers: the caller's put (at once, before the commit), the writer thread (undoing a write the
 * database refused, reloading), the listener thread (the other servers' commits). Every method
 * holds this object's lock for a few map operations only.
 */
public final class LeaseView {
    private final LeaseTable table = new LeaseTable();
    /** Addresses with a local write queued or running: its outcome, not a notification, settles them. */
    private final Map<Inet4Address, Integer> pending = new HashMap<>();
    /** Addresses written locally since the listener's current read began (cleared when one begins). */
    private final Map<Inet4Address, Long> touched = new HashMap<>();
    private long seq;
    /** Serialises the two readers of the database that replace view entries: the listener and the reload. */
    private final ReentrantLock sync = new ReentrantLock();

    public synchronized Optional<Lease> byClient(MacAddress mac, ClientId clientId) {
        return table.byClient(mac, clientId);
    }

    /** The lease recorded under the client's exact key (no hardware-address fallback), or null. */
    synchronized Lease exactlyOf(Lease lease) {
        return table.boundUnderKeyOf(lease).orElse(null);
    }

    public synchronized Optional<Lease> byAddress(Inet4Address a) {
        return table.byAddress(a);
    }

    /** Records {@code lease}, replacing the client's previous bound lease and any lease on its address. */
    public synchronized void put(Lease lease) {
        table.put(lease);
    }

    /** Frees the client's bound lease if it holds {@code address}; false if it holds none or another. */
    public synchronized boolean release(MacAddress mac, ClientId clientId, Inet4Address address) {
        return table.release(mac, clientId, address);
    }

    /** Forgets whatever lease is on {@code address} (another server released it). */
    synchronized void forget(Inet4Address address) {
        table.remove(address);
    }

    /**
     * Takes back {@code written}, a put the database did not commit, if it is still what the view
     * holds, and puts back what it displaced where nothing newer has taken the place since.
     */
    synchronized void undo(Lease written, Lease displacedOnAddress, Lease displacedOfClient) {
        if (table.byAddress(written.address()).orElse(null) != written) {
            return; // something newer (another server's commit, a later put) is there: keep it
        }
        table.remove(written.address());
        for (Lease back : new Lease[] {displacedOnAddress, displacedOfClient}) {
            if (back != null && back != written) {
                restore(back);
            }
        }
    }

    /** Puts back {@code lease} (a release the database did not commit) unless something newer took its place. */
    synchronized void restore(Lease lease) {
        if (table.byAddress(lease.address()).isEmpty() && table.boundUnderKeyOf(lease).isEmpty()) {
            table.put(lease);
        }
    }

    /** A local write on these addresses is starting: notifications leave them alone until it ends. */
    synchronized void beginLocal(List<Inet4Address> addresses) {
        for (Inet4Address a : addresses) {
            pending.merge(a, 1, Integer::sum);
            touched.put(a, ++seq);
        }
    }

    /** The local write on these addresses ended (committed, refused or failed) and the view shows its outcome. */
    synchronized void endLocal(List<Inet4Address> addresses) {
        for (Inet4Address a : addresses) {
            pending.computeIfPresent(a, (k, n) -> n == 1 ? null : n - 1);
            touched.put(a, ++seq);
        }
    }

    /**
     * The listener starts reading rows: a row it reads may be older than a local write that ends
     * before it applies the row, so it applies only rows of {@linkplain #settled settled} addresses.
     */
    synchronized void beginRemoteRead() {
        touched.clear(); // only the current read needs them: this bounds the map
    }

    /** No local write on {@code address} is running or has run since the current remote read began. */
    synchronized boolean settled(Inet4Address address) {
        return !pending.containsKey(address) && !touched.containsKey(address);
    }

    /** Held while reading rows from the database and applying them (listener batch, reload). */
    ReentrantLock sync() {
        return sync;
    }

    /** Replaces everything with {@code leases} (a reload from the database). */
    public synchronized void replaceAll(Collection<Lease> leases) {
        table.clear();
        leases.forEach(table::put);
    }

    public synchronized Collection<Lease> all() {
        return table.all();
    }

    public synchronized int size() {
        return table.size();
    }
}
