package org.bootnode.dhcp;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A client hardware address (chaddr, {@code hlen} bytes; 6 for Ethernet). Printed in lower-case
 * colon form, {@code fc:ab:14:e8:66:01}; parsed from colon or dash form in either case.
 */
public final class MacAddress implements Comparable<MacAddress> {
    private final byte[] bytes;

    private MacAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of {@code bytes}, 1 to 16 of them. */
    public static MacAddress of(byte[] bytes) {
        if (bytes.length < 1 || bytes.length > 16) {
            throw new IllegalArgumentException("hardware address length: " + bytes.length + " (expected: 1..16)");
        }
        return new MacAddress(bytes.clone());
    }

    /** Parses {@code fc:ab:14:e8:66:01} or {@code FC-AB-14-E8-66-01}. */
    public static MacAddress parse(String text) {
        String[] parts = text.trim().split("[:-]", -1);
        if (parts.length < 1 || parts.length > 16) {
            throw new IllegalArgumentException("MAC address: " + text + " (expected: hex bytes separated by ':' or '-')");
        }
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].length() != 2) {
                throw new IllegalArgumentException("MAC address: " + text + " (expected: two hex digits per byte)");
            }
            try {
                b[i] = (byte) Integer.parseInt(parts[i], 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("MAC address: " + text + " (expected: hex digits)", e);
            }
        }
        return new MacAddress(b);
    }

    /** A copy of the address bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress m && Arrays.equals(bytes, m.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(MacAddress o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    /** Colon form, e.g. {@code fc:ab:14:e8:66:01}. */
    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(bytes).toLowerCase(Locale.ROOT);
    }
}
