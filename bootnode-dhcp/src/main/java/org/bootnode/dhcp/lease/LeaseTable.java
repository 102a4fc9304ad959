package org.bootnode.dhcp.lease;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.bootnode.dhcp.MacAddress;

/** The in-memory index of leases shared by the stores: by client and by address, kept consistent. */
final class LeaseTable {
    private final Map<MacAddress, Lease> byMac = new HashMap<>();
    private final Map<Inet4Address, Lease> byAddress = new HashMap<>();

    synchronized Optional<Lease> byMac(MacAddress mac) {
        return Optional.ofNullable(byMac.get(mac));
    }

    synchronized Optional<Lease> byAddress(Inet4Address a) {
        return Optional.ofNullable(byAddress.get(a));
    }

    synchronized void put(Lease lease) {
        Lease onAddress = byAddress.remove(lease.address());
        if (onAddress != null && onAddress.state() == Lease.State.BOUND) {
            byMac.remove(onAddress.mac(), onAddress);
        }
        if (lease.state() == Lease.State.BOUND) {
            Lease old = byMac.put(lease.mac(), lease);
            if (old != null && !old.address().equals(lease.address())) {
                byAddress.remove(old.address(), old);
            }
        }
        byAddress.put(lease.address(), lease);
    }

    synchronized boolean release(MacAddress mac, Inet4Address address) {
        Lease l = byMac.get(mac);
        if (l == null || !l.address().equals(address)) {
            return false;
        }
        byMac.remove(mac);
        byAddress.remove(address, l);
        return true;
    }

    synchronized Collection<Lease> all() {
        return new ArrayList<>(byAddress.values());
    }

    synchronized int size() {
        return byAddress.size();
    }
}
