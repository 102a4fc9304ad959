package org.bootnode.server.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Dotted-quad IPv4 addresses, parsed strictly (never a name lookup) and as unsigned integers for
 * range arithmetic.
 */
public final class Ipv4 {
    private Ipv4() {}

    /**
     * Parses {@code a.b.c.d} with each part 0..255 and no leading zeros.
     *
     * @throws IllegalArgumentException worded {@code address: x (expected: a.b.c.d)}
     */
    public static Inet4Address parse(String text) {
        String[] parts = text == null ? new String[0] : text.split("\\.", -1);
        if (parts.length == 4) {
            byte[] bytes = new byte[4];
            boolean ok = true;
            for (int i = 0; i < 4 && ok; i++) {
                String part = parts[i];
                ok = part.matches("0|[1-9][0-9]{0,2}") && Integer.parseInt(part) <= 255;
                if (ok) {
                    bytes[i] = (byte) Integer.parseInt(part);
                }
            }
            if (ok) {
                return of(bytes);
            }
        }
        throw new IllegalArgumentException("address: " + text + " (expected: a.b.c.d)");
    }

    /** The address of four bytes. */
    public static Inet4Address of(byte[] bytes) {
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address: " + bytes.length + " bytes (expected: 4)", e);
        }
    }

    /** The address as an unsigned 32-bit number in a long. */
    public static long toLong(Inet4Address address) {
        byte[] b = address.getAddress();
        return ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
    }

    /** The address of an unsigned 32-bit number. */
    public static Inet4Address fromLong(long value) {
        return of(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    /** {@code a.b.c.d} without the leading slash of {@link InetAddress#toString()}. */
    public static String format(Inet4Address address) {
        return address.getHostAddress();
    }
}
