package org.bootnode.server.config;

import java.net.Inet4Address;

/**
 * An IPv4 subnet in CIDR form, {@code 10.0.0.0/24}; the network address has no host bits set.
 *
 * @param network the network address
 * @param prefixLength 0..32
 */
public record Ipv4Subnet(Inet4Address network, int prefixLength) {
    /** Checks the prefix length and that no host bit is set. */
    public Ipv4Subnet {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length: " + prefixLength + " (expected: 0..32)");
        }
        if ((Ipv4.toLong(network) & ~mask(prefixLength) & 0xffffffffL) != 0) {
            throw new IllegalArgumentException("subnet: " + network.getHostAddress() + "/" + prefixLength
                    + " has host bits set (expected: the network address, e.g. "
                    + Ipv4.fromLong(Ipv4.toLong(network) & mask(prefixLength)).getHostAddress() + "/" + prefixLength + ")");
        }
    }

    /**
     * Parses {@code a.b.c.d/n}.
     *
     * @throws IllegalArgumentException worded {@code subnet: x (expected: a.b.c.d/n)}
     */
    public static Ipv4Subnet parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0 || !text.substring(slash + 1).matches("[0-9]{1,2}")) {
            throw new IllegalArgumentException("subnet: " + text + " (expected: a.b.c.d/n, e.g. 10.0.0.0/24)");
        }
        return new Ipv4Subnet(Ipv4.parse(text.substring(0, slash)), Integer.parseInt(text.substring(slash + 1)));
    }

    private static long mask(int prefixLength) {
        return prefixLength == 0 ? 0 : (0xffffffffL << (32 - prefixLength)) & 0xffffffffL;
    }

    /** The subnet mask, e.g. 255.255.255.0. */
    public Inet4Address mask() {
        return Ipv4.fromLong(mask(prefixLength));
    }

    /** The broadcast address, e.g. 10.0.0.255. */
    public Inet4Address broadcast() {
        return Ipv4.fromLong(Ipv4.toLong(network) | (~mask(prefixLength) & 0xffffffffL));
    }

    /** Whether the address lies in this subnet. */
    public boolean contains(Inet4Address address) {
        return (Ipv4.toLong(address) & mask(prefixLength)) == Ipv4.toLong(network);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
