package org.bootnode.dhcp.lease;

import java.net.Inet4Address;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.bootnode.dhcp.MacAddress;

/**
 * The default {@link AddressPolicy}: static reservations by MAC, plus an optional pool for
 * unknown clients. Immutable apart from the pool's search cursor; to change reservations, build
 * a new one and hand it to the server.
 *
 * <p>Pool addresses are chosen next-fit from a moving cursor, skipping reserved addresses and
 * whatever {@link AddressUsage} says is taken; a client keeps its current address, or gets the
 * one it asks for, when that is free. An exhausted pool refuses unknown clients and never
 * touches reserved addresses.
 */
public final class StaticAddressPolicy implements AddressPolicy {
    private final Map<MacAddress, Reservation> reservations;
    private final Set<Inet4Address> reservedAddresses;
    private final AddressRange pool;
    private final UnknownClients unknownClients;
    private final AtomicLong cursor = new AtomicLong();

    private StaticAddressPolicy(Map<MacAddress, Reservation> reservations, AddressRange pool, UnknownClients unknownClients) {
        this.reservations = Map.copyOf(reservations);
        Set<Inet4Address> addresses = new HashSet<>();
        for (Reservation r : reservations.values()) {
            addresses.add(r.address());
        }
        this.reservedAddresses = Set.copyOf(addresses);
        this.pool = pool;
        this.unknownClients = unknownClients;
    }

    /**
     * A policy with these reservations; unknown clients get a pool address when {@code unknownClients}
     * is {@link UnknownClients#POOL} and {@code pool} is not null.
     */
    public static StaticAddressPolicy of(Collection<Reservation> reservations, AddressRange pool, UnknownClients unknownClients) {
        Map<MacAddress, Reservation> byMac = new HashMap<>();
        Map<Inet4Address, Reservation> byAddress = new HashMap<>();
        for (Reservation r : reservations) {
            Reservation a = byMac.put(r.mac(), r);
            if (a != null) {
                throw new IllegalArgumentException("reservation: " + r.mac() + " is reserved twice");
            }
            Reservation b = byAddress.put(r.address(), r);
            if (b != null) {
                throw new IllegalArgumentException("reservation: " + r.address().getHostAddress() + " is reserved for both "
                        + b.mac() + " and " + r.mac());
            }
        }
        return new StaticAddressPolicy(byMac, pool, unknownClients);
    }

    /** Reservations only; unknown clients are ignored. */
    public static StaticAddressPolicy of(Collection<Reservation> reservations) {
        return of(reservations, null, UnknownClients.IGNORE);
    }

    public Map<MacAddress, Reservation> reservations() {
        return reservations;
    }

    @Override
    public AddressDecision decide(AddressRequest request, AddressUsage usage) {
        Reservation r = reservations.get(request.mac());
        if (r != null) {
            return new AddressDecision.Assign(r.address(), r.hostName(), true);
        }
        if (unknownClients != UnknownClients.POOL || pool == null) {
            return new AddressDecision.Refuse(AddressDecision.Why.UNKNOWN_CLIENT);
        }
        Lease current = request.current();
        if (current != null && isFreeInPool(current.address(), request, usage)) {
            return new AddressDecision.Assign(current.address(), "", false);
        }
        Inet4Address wanted = request.requested();
        if (!wanted.isAnyLocalAddress() && isFreeInPool(wanted, request, usage)) {
            return new AddressDecision.Assign(wanted, "", false);
        }
        long size = pool.size();
        long start = Math.floorMod(cursor.get(), size);
        for (long i = 0; i < size; i++) {
            long index = (start + i) % size;
            Inet4Address a = pool.get(index);
            if (isFreeInPool(a, request, usage)) {
                cursor.set(index + 1);
                return new AddressDecision.Assign(a, "", false);
            }
        }
        return new AddressDecision.Refuse(AddressDecision.Why.POOL_EXHAUSTED);
    }

    private boolean isFreeInPool(Inet4Address a, AddressRequest request, AddressUsage usage) {
        return pool.contains(a) && !reservedAddresses.contains(a) && request.subnet().isHost(a)
                && usage.isAvailable(a);
    }
}
