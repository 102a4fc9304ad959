package org.bootnode.server.log;

/**
 * Makes text taken from the network safe to put into a log line or a boot timeline: nothing it
 * contains can end the line, forge another one, or drive a terminal. Escaped, unambiguously
 * (the backslash itself is doubled):
 *
 * <ul>
 *   <li>{@code \n}, {@code \r}, {@code \t} as those two characters;
 *   <li>every other C0 control, DEL and every C1 control (ANSI escapes start with ESC, 0x1b, or
 *       CSI, 0x9b) as {@code \xHH};
 *   <li>Unicode line and paragraph separators, format characters (the bidirectional overrides
 *       that reorder what a reader sees, invisible tag characters) and unpaired surrogates as
 *       {@code \\uHHHH}, each UTF-16 unit of a character outside the BMP on its own.
 * </ul>
 */
public final class LogText {
    private LogText() {}

    /** {@code text} escaped; the same string when nothing needed escaping; "null" for null. */
    public static String escape(CharSequence text) {
        if (text == null) {
            return "null";
        }
        int first = firstUnsafe(text);
        if (first < 0) {
            return text.toString();
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!unsafe(text, i)) {
                out.append(c);
                if (Character.isHighSurrogate(c)) {
                    out.append(text.charAt(++i));
                }
                continue;
            }
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x100) {
                        out.append("\\x").append(hex(c >> 4)).append(hex(c));
                    } else {
                        out.append("\\u").append(hex(c >> 12)).append(hex(c >> 8)).append(hex(c >> 4)).append(hex(c));
                    }
                }
            }
        }
        return out.toString();
    }

    private static int firstUnsafe(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (unsafe(text, i)) {
                return i;
            }
            if (Character.isHighSurrogate(text.charAt(i))) {
                i++;
            }
        }
        return -1;
    }

    /** Whether the char at {@code i} must be escaped; a high surrogate is safe only with its low one. */
    private static boolean unsafe(CharSequence text, int i) {
        char c = text.charAt(i);
        if (c == '\\' || c < 0x20 || (c >= 0x7f && c < 0xa0)) {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                return true;
            }
            // Tag characters (U+E0000..E007F) are invisible format characters: text a reader cannot see.
            return Character.getType(Character.toCodePoint(c, text.charAt(i + 1))) == Character.FORMAT;
        }
        if (Character.isLowSurrogate(c)) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT;
    }

    private static char hex(int nibble) {
        return Character.forDigit(nibble & 0xf, 16);
    }
}
