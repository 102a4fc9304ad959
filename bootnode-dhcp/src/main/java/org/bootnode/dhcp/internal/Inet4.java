package org.bootnode.dhcp.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IPv4 addresses as ints and back, and strict dotted-quad parsing (no DNS lookups). */
public final class Inet4 {
    private Inet4() {
    }

    public static int toInt(Inet4Address a) {
        byte[] b = a.getAddress();
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    public static Inet4Address of(int v) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Parses a dotted quad such as {@code 10.0.0.1}; never resolves names. */
    public static Inet4Address parse(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("IPv4 address: " + s + " (expected: a dotted quad like 10.0.0.1)");
        }
        int v = 0;
        for (String p : parts) {
            int x;
            try {
                x = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("IPv4 address: " + s + " (expected: a dotted quad like 10.0.0.1)", e);
            }
            if (x < 0 || x > 255 || p.isEmpty() || p.length() > 3) {
                throw new IllegalArgumentException("IPv4 address: " + s + " (expected: four numbers 0..255)");
            }
            v = (v << 8) | x;
        }
        return of(v);
    }
}
