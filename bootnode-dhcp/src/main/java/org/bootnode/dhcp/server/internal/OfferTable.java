package org.bootnode.dhcp.server.internal;

import java.net.Inet4Address;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bootnode.dhcp.MacAddress;

/**
 * Addresses offered and not yet requested, held for a while so that two clients are not offered
 * the same pool address. Bounded: past {@code max} entries the oldest offer is forgotten.
 */
public final class OfferTable {
    private record Offer(MacAddress mac, Inet4Address address, Instant expires) { }

    private final int max;
    private final LinkedHashMap<MacAddress, Offer> byMac = new LinkedHashMap<>();
    private final Map<Inet4Address, Offer> byAddress = new HashMap<>();

    public OfferTable(int max) {
        this.max = max;
    }

    public synchronized void put(MacAddress mac, Inet4Address address, Instant expires) {
        remove(mac);
        Offer other = byAddress.remove(address);
        if (other != null) {
            byMac.remove(other.mac());
        }
        Offer o = new Offer(mac, address, expires);
        byMac.put(mac, o);
        byAddress.put(address, o);
        while (byMac.size() > max) {
            Offer eldest = byMac.values().iterator().next();
            remove(eldest.mac());
        }
    }

    public synchronized void remove(MacAddress mac) {
        Offer o = byMac.remove(mac);
        if (o != null) {
            byAddress.remove(o.address(), o);
        }
    }

    /** The address held for {@code mac} by an unexpired offer, if any: a repeated DISCOVER gets the same one. */
    public synchronized Inet4Address heldFor(MacAddress mac, Instant now) {
        Offer o = byMac.get(mac);
        if (o == null) {
            return null;
        }
        if (!now.isBefore(o.expires())) {
            remove(mac);
            return null;
        }
        return o.address();
    }

    /** Whether {@code address} is held by an unexpired offer to another client. */
    public synchronized boolean isHeldForOther(Inet4Address address, MacAddress mac, Instant now) {
        Offer o = byAddress.get(address);
        if (o == null || o.mac().equals(mac)) {
            return false;
        }
        if (!now.isBefore(o.expires())) {
            remove(o.mac());
            return false;
        }
        return true;
    }

    public synchronized int size() {
        return byMac.size();
    }
}
