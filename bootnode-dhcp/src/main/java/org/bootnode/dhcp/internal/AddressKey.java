package org.bootnode.dhcp.internal;

import java.net.Inet4Address;

/**
 * An IPv4 address as a hash-table key, with a hash that mixes every bit into every bit.
 *
 * <p>{@code Inet4Address.hashCode()} is the address itself, and {@code HashMap} folds only the
 * high 16 bits into the low ones before taking its bucket index. A cluster's addresses differ
 * in the rack byte and the last bytes, and those two xor onto the same few hundred indexes:
 * 64 relayed /18 pools (10.64.0.0 and up) allocating side by side put 10,000 leases into 533 of
 * 16,384 buckets, 342 of them trees, and every lease lookup walked one; 40 racks of
 * {@code 10.R.0.H} fit in 256. Mixed first, the same addresses spread like random keys.
 *
 * @param bits the address as a big-endian int
 */
public record AddressKey(int bits) {
    public static AddressKey of(Inet4Address a) {
        return new AddressKey(Inet4.toInt(a));
    }

    /** MurmurHash3's 32-bit finaliser: a bijection in which each input bit flips each output bit about half the time. */
    @Override
    public int hashCode() {
        int h = bits;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
