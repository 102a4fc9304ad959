package org.bootnode.server.config;

import java.net.Inet4Address;

/**
 * An inclusive range of IPv4 addresses, {@code 10.0.0.100-10.0.0.199}.
 *
 * @param first the lowest address
 * @param last the highest address, not below {@code first}
 */
public record Ipv4Range(Inet4Address first, Inet4Address last) {
    /** Checks the order. */
    public Ipv4Range {
        if (Ipv4.toLong(first) > Ipv4.toLong(last)) {
            throw new IllegalArgumentException("range: " + first.getHostAddress() + "-" + last.getHostAddress()
                    + " (expected: the first address not above the last)");
        }
    }

    /**
     * Parses {@code a.b.c.d-e.f.g.h}.
     *
     * @throws IllegalArgumentException worded {@code range: x (expected: ...)}
     */
    public static Ipv4Range parse(String text) {
        int dash = text == null ? -1 : text.indexOf('-');
        if (dash < 0) {
            throw new IllegalArgumentException("range: " + text + " (expected: first-last, e.g. 10.0.0.100-10.0.0.199)");
        }
        return new Ipv4Range(Ipv4.parse(text.substring(0, dash).strip()), Ipv4.parse(text.substring(dash + 1).strip()));
    }

    /** Whether the address lies in this range. */
    public boolean contains(Inet4Address address) {
        long a = Ipv4.toLong(address);
        return a >= Ipv4.toLong(first) && a <= Ipv4.toLong(last);
    }

    /** How many addresses the range holds. */
    public long size() {
        return Ipv4.toLong(last) - Ipv4.toLong(first) + 1;
    }

    @Override
    public String toString() {
        return first.getHostAddress() + "-" + last.getHostAddress();
    }
}
