package org.bootnode.server.config;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 48-bit Ethernet address. Parsed from the colon form iPXE's {@code ${net0/mac}} gives
 * ({@code fc:ab:14:e8:66:01}) or the dash form of {@code ${net0/mac:hexhyp}}, in either case;
 * printed in lower-case colon form.
 */
public final class MacAddress implements Comparable<MacAddress> {
    private static final HexFormat COLON = HexFormat.ofDelimiter(":");
    private static final HexFormat DASH = HexFormat.ofDelimiter("-");

    private final byte[] bytes;

    private MacAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The address of six bytes. */
    public static MacAddress of(byte[] bytes) {
        if (bytes.length != 6) {
            throw new IllegalArgumentException("mac: " + bytes.length + " bytes (expected: 6)");
        }
        return new MacAddress(bytes.clone());
    }

    /**
     * Parses {@code aa:bb:cc:dd:ee:ff} or {@code aa-bb-cc-dd-ee-ff}, case-insensitive.
     *
     * @throws IllegalArgumentException worded {@code mac: x (expected: six hex pairs like fc:ab:14:e8:66:01)}
     */
    public static MacAddress parse(String text) {
        if (text != null && text.length() == 17) {
            char separator = text.charAt(2);
            boolean consistent = true;
            for (int i = 2; i < 17; i += 3) {
                consistent &= text.charAt(i) == separator;
            }
            if (consistent && (separator == ':' || separator == '-')) {
                try {
                    return new MacAddress((separator == ':' ? COLON : DASH).parseHex(text));
                } catch (IllegalArgumentException e) {
                    // fall through to the worded error
                }
            }
        }
        throw new IllegalArgumentException("mac: " + text + " (expected: six hex pairs like fc:ab:14:e8:66:01)");
    }

    /** The six bytes (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Dash form, {@code fc-ab-14-e8-66-01}, as iPXE's {@code ${net0/mac:hexhyp}}. */
    public String toDashString() {
        return DASH.formatHex(bytes);
    }

    /** Colon form, lower case: {@code fc:ab:14:e8:66:01}. */
    @Override
    public String toString() {
        return COLON.formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(MacAddress o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }
}
