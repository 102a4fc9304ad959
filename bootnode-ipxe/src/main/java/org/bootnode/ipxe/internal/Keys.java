package org.bootnode.ipxe.internal;

/**
 * Key codes as iPXE's {@code parse_key} reads them: one character is that character,
 * anything else is an integer such as {@code 0x1b}.
 */
public final class Keys {

    private Keys() {
    }

    public static void check(int key) {
        if (key <= 0 || key > 0xffff) {
            throw new IllegalArgumentException("key: " + key + " (expected: 1..65535)");
        }
    }

    public static String render(int key) {
        return key > 0x20 && key < 0x7f ? String.valueOf((char) key) : String.format("0x%02x", key);
    }

    public static int parse(String text) {
        if (text.length() == 1) {
            return text.charAt(0);
        }
        long value = Numbers.parse(text);
        if (value <= 0 || value > 0xffff) {
            throw new NumberFormatException("key out of range");
        }
        return (int) value;
    }
}
