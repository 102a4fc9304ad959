package org.bootnode.dhcp.lease;

import java.net.Inet4Address;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.internal.AddressKey;
import org.bootnode.dhcp.internal.Inet4;

/**
 * The default {@link AddressPolicy}: static reservations by MAC, plus optional pools for
 * unknown clients, one per subnet at most. Immutable apart from the pools' search cursors; to
 * change reservations, build a new one and hand it to the server.
 *
 * <p>A reservation holds on the subnet of its address only: asked from another subnet's link
 * (the node was moved to another rack), it is refused as {@link AddressDecision.Why#OTHER_SUBNET}.
 * Unknown clients get an address from the pool inside the subnet they ask from.
 *
 * <p>Pool addresses are chosen next-fit from a moving cursor, skipping reserved addresses and
 * whatever {@link AddressUsage} says is taken; a client keeps its current address, or gets the
 * one it asks for, when that is free. An exhausted pool refuses unknown clients and never
 * touches reserved addresses.
 */
public final class StaticAddressPolicy implements AddressPolicy {
    private final Map<MacAddress, Reservation> reservations;
    /** Reserved addresses, under a mixed hash ({@link AddressKey}): racks' addresses collide in Inet4Address's own. */
    private final Set<AddressKey> reservedBits;
    private final List<AddressRange> pools;
    private final int[] poolFirst;
    private final int[] poolLast;
    private final AtomicLong[] cursors;
    private final UnknownClients unknownClients;

    private StaticAddressPolicy(Map<MacAddress, Reservation> reservations, List<AddressRange> pools, UnknownClients unknownClients,
            long poolStart) {
        this.reservations = Map.copyOf(reservations);
        Set<AddressKey> addresses = new HashSet<>();
        for (Reservation r : reservations.values()) {
            addresses.add(AddressKey.of(r.address()));
        }
        this.reservedBits = addresses;
        this.pools = List.copyOf(pools);
        this.poolFirst = new int[pools.size()];
        this.poolLast = new int[pools.size()];
        for (int i = 0; i < poolFirst.length; i++) {
            poolFirst[i] = Inet4.toInt(pools.get(i).first());
            poolLast[i] = Inet4.toInt(pools.get(i).last());
        }
        this.cursors = new AtomicLong[pools.size()];
        for (int i = 0; i < cursors.length; i++) {
            cursors[i] = new AtomicLong(poolStart);
        }
        this.unknownClients = unknownClients;
    }

    /**
     * A policy with these reservations; unknown clients get a pool address when {@code unknownClients}
     * is {@link UnknownClients#POOL} and {@code pool} is not null.
     */
    public static StaticAddressPolicy of(Collection<Reservation> reservations, AddressRange pool, UnknownClients unknownClients) {
        return ofPools(reservations, pool == null ? List.of() : List.of(pool), unknownClients);
    }

    /**
     * A policy with these reservations and pools (several subnets); unknown clients get an
     * address of the pool in their subnet when {@code unknownClients} is {@link UnknownClients#POOL}.
     * Pools may not overlap.
     */
    public static StaticAddressPolicy ofPools(Collection<Reservation> reservations, List<AddressRange> pools,
            UnknownClients unknownClients) {
        return ofPools(reservations, pools, unknownClients, 0);
    }

    /**
     * As {@link #ofPools(Collection, List, UnknownClients)}, the search for a free address starting
     * at {@code poolStart} (modulo each pool's size) instead of each pool's first address.
     */
    public static StaticAddressPolicy ofPools(Collection<Reservation> reservations, List<AddressRange> pools,
                                              UnknownClients unknownClients, long poolStart) {
        for (int i = 0; i < pools.size(); i++) {
            for (int j = 0; j < i; j++) {
                AddressRange a = pools.get(i);
                AddressRange b = pools.get(j);
                if (a.contains(b.first()) || b.contains(a.first())) {
                    throw new IllegalArgumentException("pool: " + a + " overlaps " + b + " (expected: pools that share no address)");
                }
            }
        }
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
        return new StaticAddressPolicy(byMac, pools, unknownClients, poolStart);
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
            if (request.subnet() != null && !request.subnet().contains(r.address())) {
                return new AddressDecision.Refuse(AddressDecision.Why.OTHER_SUBNET);
            }
            return new AddressDecision.Assign(r.address(), r.hostName(), true, r.options());
        }
        Subnet subnet = request.subnet();
        int p = poolOf(subnet);
        if (unknownClients != UnknownClients.POOL || p < 0) {
            return new AddressDecision.Refuse(AddressDecision.Why.UNKNOWN_CLIENT);
        }
        Candidates pool = new Candidates(poolFirst[p], poolLast[p], subnet);
        AtomicLong cursor = cursors[p];
        Lease current = request.current();
        if (current != null && pool.isFree(current.address(), usage)) {
            return new AddressDecision.Assign(current.address(), "", false);
        }
        Inet4Address wanted = request.requested();
        if (!wanted.isAnyLocalAddress() && pool.isFree(wanted, usage)) {
            return new AddressDecision.Assign(wanted, "", false);
        }
        long size = pools.get(p).size();
        long start = Math.floorMod(cursor.get(), size);
        for (long i = 0; i < size; i++) {
            long index = (start + i) % size;
            int a = poolFirst[p] + (int) index;
            if (pool.isHost(a) && !reservedBits.contains(new AddressKey(a))) {
                Inet4Address address = Inet4.of(a);
                if (usage.isAvailable(address)) {
                    cursor.set(index + 1);
                    return new AddressDecision.Assign(address, "", false);
                }
            }
        }
        return new AddressDecision.Refuse(AddressDecision.Why.POOL_EXHAUSTED);
    }

    /** The index of the pool inside {@code subnet} (any pool when no subnet is given), or -1. */
    private int poolOf(Subnet subnet) {
        if (subnet == null) {
            return pools.isEmpty() ? -1 : 0;
        }
        int network = Inet4.toInt(subnet.network());
        int mask = Inet4.toInt(subnet.mask());
        for (int i = 0; i < poolFirst.length; i++) {
            if ((poolFirst[i] & mask) == network) {
                return i;
            }
        }
        return -1;
    }

    /**
     * One pool's addresses as ints, within the request's subnet: the bounds are converted once per
     * decision, not once per address tried (each {@code Inet4Address} to int copies its bytes).
     */
    private final class Candidates { // not static: reads the reserved set
        private final int first;
        private final int last;
        private final boolean anySubnet;
        private final int network;
        private final int mask;
        private final boolean edgesAreHosts;

        Candidates(int first, int last, Subnet subnet) {
            this.first = first;
            this.last = last;
            this.anySubnet = subnet == null;
            this.network = subnet == null ? 0 : Inet4.toInt(subnet.network());
            this.mask = subnet == null ? 0 : Inet4.toInt(subnet.mask());
            this.edgesAreHosts = subnet != null && subnet.prefix() > 30;
        }

        /** Inside the pool and a host address of the subnet (not its network or broadcast address, as {@link Subnet#isHost}). */
        boolean isHost(int a) {
            if (Integer.compareUnsigned(a, first) < 0 || Integer.compareUnsigned(a, last) > 0) {
                return false;
            }
            return anySubnet || ((a & mask) == network && (edgesAreHosts || (a != network && a != (network | ~mask))));
        }

        boolean isFree(Inet4Address address, AddressUsage usage) {
            int a = Inet4.toInt(address);
            return isHost(a) && !reservedBits.contains(new AddressKey(a)) && usage.isAvailable(address);
        }
    }
}
