package org.bootnode.dhcp.lease;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.bootnode.dhcp.ClientId;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.internal.AddressKey;
import org.bootnode.dhcp.internal.ClientKey;

/**
 * The in-memory index of leases that every {@link LeaseStore} answers its reads from, kept
 * consistent: bound leases by client (client identifier, else hardware address), the latest bound
 * lease of each hardware address (for {@link Lease#belongsTo}'s fallback), and every lease by
 * address. A store of one's own (a database, another file format) keeps one, so that it answers
 * by the same rules as the journal and in-memory stores. Thread-safe: each method holds this
 * table's lock for a few map operations.
 */
public final class LeaseTable {
    private final Map<ClientKey, Lease> byClient = new HashMap<>();
    private final Map<MacAddress, Lease> byMac = new HashMap<>();
    /** By address, under a mixed hash ({@link AddressKey}: racks' addresses collide in Inet4Address's own). */
    private final Map<AddressKey, Lease> byAddress = new HashMap<>();

    /** An empty table. */
    public LeaseTable() {
    }

    /**
     * The client's bound lease: the one recorded under its key, else the latest one of its hardware
     * address if that {@linkplain Lease#belongsTo belongs} to it.
     */
    public synchronized Optional<Lease> byClient(MacAddress mac, ClientId clientId) {
        Lease l = byClient.get(ClientKey.of(mac, clientId));
        if (l == null) {
            Lease h = byMac.get(mac);
            if (h != null && h.belongsTo(mac, clientId)) {
                l = h;
            }
        }
        return Optional.ofNullable(l);
    }

    /**
     * The bound lease recorded under exactly the client key of {@code lease} (its client
     * identifier, else its hardware address; no fallback), if {@code lease} is bound.
     */
    public synchronized Optional<Lease> boundUnderKeyOf(Lease lease) {
        return lease.state() == Lease.State.BOUND ? Optional.ofNullable(byClient.get(key(lease))) : Optional.empty();
    }

    /** The lease, bound or declined, on {@code a}. */
    public synchronized Optional<Lease> byAddress(Inet4Address a) {
        return Optional.ofNullable(byAddress.get(AddressKey.of(a)));
    }

    /** Records {@code lease}, replacing the client's previous bound lease and any lease on its address. */
    public synchronized void put(Lease lease) {
        Lease onAddress = byAddress.remove(AddressKey.of(lease.address()));
        if (onAddress != null && onAddress.state() == Lease.State.BOUND) {
            unbind(onAddress);
        }
        if (lease.state() == Lease.State.BOUND) {
            Lease old = byClient.put(key(lease), lease);
            if (old != null && old != onAddress) {
                byAddress.remove(AddressKey.of(old.address()), old);
                byMac.remove(old.mac(), old);
            }
            byMac.put(lease.mac(), lease);
        }
        byAddress.put(AddressKey.of(lease.address()), lease);
    }

    /** Frees the client's bound lease if it holds {@code address}; false if it holds none or another. */
    public synchronized boolean release(MacAddress mac, ClientId clientId, Inet4Address address) {
        Lease l = byClient(mac, clientId).orElse(null);
        if (l == null || !l.address().equals(address)) {
            return false;
        }
        unbind(l);
        byAddress.remove(AddressKey.of(address), l);
        return true;
    }

    /** Removes whatever lease is on {@code address}, whoever holds it; returns it. */
    public synchronized Optional<Lease> remove(Inet4Address address) {
        Lease l = byAddress.remove(AddressKey.of(address));
        if (l != null && l.state() == Lease.State.BOUND) {
            unbind(l);
        }
        return Optional.ofNullable(l);
    }

    /** Removes every lease. */
    public synchronized void clear() {
        byClient.clear();
        byMac.clear();
        byAddress.clear();
    }

    private void unbind(Lease l) {
        byClient.remove(key(l), l);
        byMac.remove(l.mac(), l);
    }

    private static ClientKey key(Lease l) {
        return ClientKey.of(l.mac(), l.clientId());
    }

    /** A snapshot of every lease. */
    public synchronized Collection<Lease> all() {
        return new ArrayList<>(byAddress.values());
    }

    /** How many leases, bound or declined. */
    public synchronized int size() {
        return byAddress.size();
    }
}
