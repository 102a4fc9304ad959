package org.bootnode.dhcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/** The address key the lease and offer tables hash by: racks' addresses must spread over a HashMap's buckets. */
class AddressKeyTest {
    /** HashMap's bucket index for a key's hash in a table of {@code buckets} (a power of two). */
    static int bucket(int hash, int buckets) {
        return (hash ^ (hash >>> 16)) & (buckets - 1);
    }

    /** The longest chain, if these addresses were the keys of a HashMap with {@code buckets} buckets. */
    static int longestChain(List<Inet4Address> addresses, ToIntFunction<Inet4Address> hash, int buckets) {
        Map<Integer, Integer> load = new HashMap<>();
        int longest = 0;
        for (Inet4Address a : addresses) {
            longest = Math.max(longest, load.merge(bucket(hash.applyAsInt(a), buckets), 1, Integer::sum));
        }
        return longest;
    }

    /** 64 relayed /18 pools (bench/dhcp's SUBNETS=64) with {@code perPool} leases each, allocated from each pool's start. */
    static List<Inet4Address> relayedPools(int perPool) {
        List<Inet4Address> out = new ArrayList<>();
        for (int pool = 0; pool < 64; pool++) {
            int base = (10 << 24) | (64 << 16) | (pool << 14);
            for (int i = 0; i < perPool; i++) {
                out.add(Inet4.of(base + 10 + i));
            }
        }
        return out;
    }

    /** 40 racks of 10.R.0.0/24 with 200 nodes each. */
    static List<Inet4Address> racks() {
        List<Inet4Address> out = new ArrayList<>();
        for (int rack = 1; rack <= 40; rack++) {
            for (int host = 10; host < 210; host++) {
                out.add(Inet4.of((10 << 24) | (rack << 16) | host));
            }
        }
        return out;
    }

    @Test
    void relayedPoolsSpreadLikeRandomKeys() {
        List<Inet4Address> leases = relayedPools(157); // 10,048 leases: HashMap's table is 16,384 then
        assertTrue(longestChain(leases, a -> AddressKey.of(a).hashCode(), 16384) <= 8, "longest chain within TREEIFY_THRESHOLD");
        // What the tables hashed by before: 16 pools' windows fold onto the same indexes (a tree of 16+ per bucket).
        assertTrue(longestChain(leases, Inet4Address::hashCode, 16384) >= 16);
    }

    @Test
    void racksOfSlash24SpreadLikeRandomKeys() {
        List<Inet4Address> leases = racks();
        assertTrue(longestChain(leases, a -> AddressKey.of(a).hashCode(), 16384) <= 8);
        assertTrue(longestChain(leases, Inet4Address::hashCode, 16384) >= 30); // 8,000 addresses in 256 buckets
    }

    @Test
    void equalAddressesAreEqualKeys() {
        Inet4Address a = Inet4.parse("10.64.0.10");
        assertEquals(AddressKey.of(a), AddressKey.of(Inet4.parse("10.64.0.10")));
        assertEquals(AddressKey.of(a).hashCode(), AddressKey.of(Inet4.parse("10.64.0.10")).hashCode());
        assertNotEquals(AddressKey.of(a), AddressKey.of(Inet4.parse("10.64.0.11")));
        assertEquals(Inet4.toInt(a), AddressKey.of(a).bits());
    }
}
