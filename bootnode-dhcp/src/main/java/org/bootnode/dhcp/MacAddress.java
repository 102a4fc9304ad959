package org.bootnode.dhcp;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A hardware address: a DHCP client's chaddr ({@code hlen} bytes, 1 to 16), an Ethernet MAC when
 * it is 6. Printed in lower-case colon form, {@code fc:ab:14:e8:66:01}; parsed from the colon
 * form of iPXE's {@code ${net0/mac}} or the dash form of {@code ${net0/mac:hexhyp}}, in either
 * case. The one MAC type of bootnode: the server's configuration, HTTP paths and boot timeline
 * use it too.
 */
public final class MacAddress implements Comparable<MacAddress> {
    /** The most bytes chaddr holds. */
    public static final int MAX_LENGTH = 16;
    /** An Ethernet address's length. */
    public static final int ETHERNET_LENGTH = 6;

    private static final HexFormat COLON = HexFormat.ofDelimiter(":");

    private final byte[] bytes;

    private MacAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of {@code bytes}, 1 to 16 of them. */
    public static MacAddress of(byte[] bytes) {
        if (bytes.length < 1 || bytes.length > MAX_LENGTH) {
            throw new IllegalArgumentException("mac: " + bytes.length + " bytes (expected: 1.." + MAX_LENGTH + ")");
        }
        return new MacAddress(bytes.clone());
    }

    /**
     * Parses 1 to 16 hex pairs separated by {@code ':'} or by {@code '-'} (one separator
     * throughout), in either case: {@code fc:ab:14:e8:66:01}, {@code FC-AB-14-E8-66-01}.
     *
     * @throws IllegalArgumentException worded {@code mac: x (expected: hex pairs like fc:ab:14:e8:66:01)}
     */
    public static MacAddress parse(String text) {
        byte[] b = parseOrNull(text);
        if (b == null) {
            throw new IllegalArgumentException("mac: " + text + " (expected: hex pairs like fc:ab:14:e8:66:01)");
        }
        return new MacAddress(b);
    }

    /**
     * Parses an Ethernet address, six hex pairs in the forms {@link #parse} reads: what
     * configuration files, HTTP paths and the command line name nodes by.
     *
     * @throws IllegalArgumentException worded {@code mac: x (expected: six hex pairs like fc:ab:14:e8:66:01)}
     */
    public static MacAddress parseEthernet(String text) {
        byte[] b = parseOrNull(text);
        if (b == null || b.length != ETHERNET_LENGTH) {
            throw new IllegalArgumentException("mac: " + text + " (expected: six hex pairs like fc:ab:14:e8:66:01)");
        }
        return new MacAddress(b);
    }

    private static byte[] parseOrNull(String text) {
        if (text == null || text.length() < 2 || text.length() > 3 * MAX_LENGTH - 1 || text.length() % 3 != 2) {
            return null;
        }
        char separator = text.length() > 2 ? text.charAt(2) : ':';
        if (separator != ':' && separator != '-') {
            return null;
        }
        byte[] b = new byte[(text.length() + 1) / 3];
        for (int i = 0; i < b.length; i++) {
            int at = 3 * i;
            int hi = hex(text.charAt(at));
            int lo = hex(text.charAt(at + 1));
            if (hi < 0 || lo < 0 || (at + 2 < text.length() && text.charAt(at + 2) != separator)) {
                return null;
            }
            b[i] = (byte) (hi << 4 | lo);
        }
        return b;
    }

    /** An ASCII hex digit's value, or -1 (Character.digit would take other scripts' digits too). */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        char lower = (char) (c | 0x20);
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    /** A copy of the address bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * Whether every byte is zero: what {@code hlen 0} or a blank chaddr gives. Such an address
     * names no client and is never an identity (RFC 2131 §4.2 needs a unique chaddr or option 61).
     */
    public boolean isUnspecified() {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** How many bytes: 6 for Ethernet. */
    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress m && Arrays.equals(bytes, m.bytes);
    }

    /**
     * Mixes every byte into all 32 bits. {@code Arrays.hashCode} gives a vendor's sequential
     * MACs (one OUI, counting in the last bytes) only 1,434 distinct values for 10,000
     * cards (31 * b4 + b5 repeats), and {@code Map.copyOf}'s open addressing then probes long
     * runs on every lookup.
     */
    @Override
    public int hashCode() {
        long h = bytes.length;
        for (byte b : bytes) {
            h = Long.rotateLeft(h, 8) ^ (b & 0xff);
        }
        h *= 0x9E3779B97F4A7C15L; // the golden ratio's odd multiplier: a bijection that spreads low bits high
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public int compareTo(MacAddress o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    /** Colon form, lower case, e.g. {@code fc:ab:14:e8:66:01}. */
    @Override
    public String toString() {
        return COLON.formatHex(bytes);
    }
}
