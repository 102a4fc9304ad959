package org.bootnode.dhcp.lease;

import java.net.Inet4Address;
import org.bootnode.dhcp.internal.Inet4;

/**
 * An IPv4 subnet, {@code 10.0.0.0/24}. The network address is normalised (host bits cleared).
 *
 * @param network the network address
 * @param prefix the prefix length, 0..32
 */
public record Subnet(Inet4Address network, int prefix) {
    public Subnet {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix: " + prefix + " (expected: 0..32)");
        }
        network = Inet4.of(Inet4.toInt(network) & mask(prefix));
    }

    /** Parses {@code 10.0.0.0/24}. */
    public static Subnet parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("subnet: " + cidr + " (expected: address/prefix, e.g. 10.0.0.0/24)");
        }
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("subnet: " + cidr + " (expected: address/prefix, e.g. 10.0.0.0/24)", e);
        }
        return new Subnet(Inet4.parse(cidr.substring(0, slash).trim()), prefix);
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    public Inet4Address mask() {
        return Inet4.of(mask(prefix));
    }

    public Inet4Address broadcast() {
        return Inet4.of(Inet4.toInt(network) | ~mask(prefix));
    }

    public boolean contains(Inet4Address a) {
        return (Inet4.toInt(a) & mask(prefix)) == Inet4.toInt(network);
    }

    /** A usable host address: inside, and neither the network nor the broadcast address (for prefixes up to 30). */
    public boolean isHost(Inet4Address a) {
        return contains(a) && (prefix > 30 || (!a.equals(network) && !a.equals(broadcast())));
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefix;
    }
}
