package org.bootnode.dhcp.server.internal;

import java.net.Inet4Address;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bootnode.dhcp.internal.AddressKey;
import org.bootnode.dhcp.internal.ClientKey;

/**
 * Addresses offered and not yet requested, held for a while so that two clients are not offered
 * the same pool address. Bounded: past {@code max} entries the oldest offer is forgotten.
 */
public final class OfferTable {
    private record Offer(ClientKey client, Inet4Address address, Instant expires) { }

    private final int max;
    private final LinkedHashMap<ClientKey, Offer> byClient = new LinkedHashMap<>();
    private final Map<AddressKey, Offer> byAddress = new HashMap<>(); // mixed hash: see AddressKey

    public OfferTable(int max) {
        this.max = max;
    }

    public synchronized void put(ClientKey client, Inet4Address address, Instant expires) {
        remove(client);
        Offer other = byAddress.remove(AddressKey.of(address));
        if (other != null) {
            byClient.remove(other.client());
        }
        Offer o = new Offer(client, address, expires);
        byClient.put(client, o);
        byAddress.put(AddressKey.of(address), o);
        while (byClient.size() > max) {
            Offer eldest = byClient.values().iterator().next();
            remove(eldest.client());
        }
    }

    public synchronized void remove(ClientKey client) {
        Offer o = byClient.remove(client);
        if (o != null) {
            byAddress.remove(AddressKey.of(o.address()), o);
        }
    }

    /** The address held for {@code client} by an unexpired offer, if any: a repeated DISCOVER gets the same one. */
    public synchronized Inet4Address heldFor(ClientKey client, Instant now) {
        Offer o = byClient.get(client);
        if (o == null) {
            return null;
        }
        if (!now.isBefore(o.expires())) {
            remove(client);
            return null;
        }
        return o.address();
    }

    /** Whether {@code address} is held by an unexpired offer to another client. */
    public synchronized boolean isHeldForOther(Inet4Address address, ClientKey client, Instant now) {
        Offer o = byAddress.get(AddressKey.of(address));
        if (o == null || o.client().equals(client)) {
            return false;
        }
        if (!now.isBefore(o.expires())) {
            remove(o.client());
            return false;
        }
        return true;
    }

    public synchronized int size() {
        return byClient.size();
    }
}
