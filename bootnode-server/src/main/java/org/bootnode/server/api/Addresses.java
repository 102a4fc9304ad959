package org.bootnode.server.api;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;

/** IPv4 addresses as the API reads them: dotted quads only, never a host name to resolve. */
final class Addresses {
    private static final Pattern QUAD = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    /** Numeric order. */
    static final Comparator<Inet4Address> ORDER = Comparator.comparingLong(a -> Integer.toUnsignedLong(value(a)));

    private Addresses() {}

    /** {@code text} as an address, or empty when it is not a dotted quad. */
    static Optional<Inet4Address> parse(String text) {
        if (text == null || !QUAD.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of((Inet4Address) InetAddress.getByName(text)); // a literal: no lookup
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    static Inet4Address of(int value) {
        byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are an address", e);
        }
    }

    static int value(Inet4Address a) {
        byte[] b = a.getAddress();
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }
}
