package org.bootnode.ipxe.internal;

/** Integers as iPXE's {@code parse_integer} reads them ({@code strtoul} base 0). */
public final class Numbers {

    private Numbers() {
    }

    public static long parse(String text) {
        if (text.startsWith("0x") || text.startsWith("0X")) {
            return Long.parseUnsignedLong(text.substring(2), 16);
        }
        if (text.length() > 1 && text.startsWith("0")) {
            return Long.parseUnsignedLong(text.substring(1), 8);
        }
        if (text.isEmpty() || !Character.isDigit(text.charAt(0))) {
            throw new NumberFormatException("not a number: " + text);
        }
        return Long.parseUnsignedLong(text);
    }
}
