package org.bootnode.dhcp.lease;

import java.net.Inet4Address;
import org.bootnode.dhcp.internal.Inet4;

/**
 * An inclusive range of IPv4 addresses, {@code 10.0.0.100-10.0.0.199}: a dynamic pool.
 *
 * @param first the first address
 * @param last the last address, not before {@code first}
 */
public record AddressRange(Inet4Address first, Inet4Address last) {
    public AddressRange {
        if (Integer.compareUnsigned(Inet4.toInt(first), Inet4.toInt(last)) > 0) {
            throw new IllegalArgumentException("address range: " + first.getHostAddress() + "-" + last.getHostAddress()
                    + " (expected: first <= last)");
        }
    }

    /** Parses {@code 10.0.0.100-10.0.0.199}. */
    public static AddressRange parse(String s) {
        int dash = s.indexOf('-');
        if (dash < 0) {
            throw new IllegalArgumentException("address range: " + s + " (expected: first-last, e.g. 10.0.0.100-10.0.0.199)");
        }
        return new AddressRange(Inet4.parse(s.substring(0, dash).trim()), Inet4.parse(s.substring(dash + 1).trim()));
    }

    public long size() {
        return Integer.toUnsignedLong(Inet4.toInt(last)) - Integer.toUnsignedLong(Inet4.toInt(first)) + 1;
    }

    public boolean contains(Inet4Address a) {
        int v = Inet4.toInt(a);
        return Integer.compareUnsigned(v, Inet4.toInt(first)) >= 0 && Integer.compareUnsigned(v, Inet4.toInt(last)) <= 0;
    }

    /** The address {@code index} places after {@code first}. */
    public Inet4Address get(long index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("index: " + index + " (expected: 0.." + (size() - 1) + ")");
        }
        return Inet4.of((int) (Inet4.toInt(first) + index));
    }

    @Override
    public String toString() {
        return first.getHostAddress() + "-" + last.getHostAddress();
    }
}
