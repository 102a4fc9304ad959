package org.bootnode.dhcp.lease;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.bootnode.dhcp.ClientId;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.internal.ClientKey;

/**
 * The in-memory index of leases shared by the stores, kept consistent: bound leases by client
 * (client identifier, else hardware address), the latest bound lease of each hardware address
 * (for {@link Lease#belongsTo}'s fallback), and every lease by address.
 */
final class LeaseTable {
    private final Map<ClientKey, Lease> byClient = new HashMap<>();
    private final Map<MacAddress, Lease> byMac = new HashMap<>();
    private final Map<Inet4Address, Lease> byAddress = new HashMap<>();

    /**
     * The client's bound lease: the one recorded under its key, else the latest one of its hardware
     * address if that {@linkplain Lease#belongsTo belongs} to it.
     */
    synchronized Optional<Lease> byClient(MacAddress mac, ClientId clientId) {
        Lease l = byClient.get(ClientKey.of(mac, clientId));
        if (l == null) {
            Lease h = byMac.get(mac);
            if (h != null && h.belongsTo(mac, clientId)) {
                l = h;
            }
        }
        return Optional.ofNullable(l);
    }

    synchronized Optional<Lease> byAddress(Inet4Address a) {
        return Optional.ofNullable(byAddress.get(a));
    }

    synchronized void put(Lease lease) {
        Lease onAddress = byAddress.remove(lease.address());
        if (onAddress != null && onAddress.state() == Lease.State.BOUND) {
            unbind(onAddress);
        }
        if (lease.state() == Lease.State.BOUND) {
            Lease old = byClient.put(key(lease), lease);
            if (old != null && old != onAddress) {
                byAddress.remove(old.address(), old);
                byMac.remove(old.mac(), old);
            }
            byMac.put(lease.mac(), lease);
        }
        byAddress.put(lease.address(), lease);
    }

    /** Frees the client's bound lease if it holds {@code address}; false if it holds none or another. */
    synchronized boolean release(MacAddress mac, ClientId clientId, Inet4Address address) {
        Lease l = byClient(mac, clientId).orElse(null);
        if (l == null || !l.address().equals(address)) {
            return false;
        }
        unbind(l);
        byAddress.remove(address, l);
        return true;
    }

    private void unbind(Lease l) {
        byClient.remove(key(l), l);
        byMac.remove(l.mac(), l);
    }

    private static ClientKey key(Lease l) {
        return ClientKey.of(l.mac(), l.clientId());
    }

    synchronized Collection<Lease> all() {
        return new ArrayList<>(byAddress.values());
    }

    synchronized int size() {
        return byAddress.size();
    }
}
