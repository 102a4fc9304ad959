package org.bootnode.storm;

/** Text from the network made safe for one line of output: control characters as {@code \xNN}. */
final class Escape {
    private Escape() {}

    static String text(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length() && i < 300; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return s.length() > 300 ? b.append("...").toString() : b.toString();
    }
}
