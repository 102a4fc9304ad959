package org.bootnode.tftp.internal;

/**
 * Makes text taken from the network safe for one log line: a file name or an ERROR message may
 * hold a newline (a forged log line after it), an ANSI escape (a terminal that rewrites what
 * the admin sees) or a bidirectional override. Every such character is written as an escape,
 * and a backslash as two, so the line reads back unambiguously.
 *
 * <pre>
 *   "a\nb"       → a\nb       "\u001b[31m"  → \x1b[31m
 *   "x\\y"       → x\\y       "\u202e"      → \u202e
 * </pre>
 */
public final class LogText {
    /** Longer text is cut here, with the number of characters left out (a log line stays one line of sane length). */
    static final int MAX = 1024;

    private LogText() {}

    /** {@code text} escaped for a log line ({@code "null"} for null). */
    public static String escape(Object text) {
        String s = String.valueOf(text);
        int n = Math.min(s.length(), MAX);
        int i = 0;
        while (i < n && safe(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(n + 16).append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (safe(c)) {
                        b.append(c);
                    } else if (c < 0x100) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(String.format("\\u%04x", (int) c));
                    }
                }
            }
        }
        if (s.length() > MAX) {
            b.append("...(").append(s.length() - MAX).append(" more)");
        }
        return b.toString();
    }

    /**
     * Printable and not a line break or a format character: controls (C0, DEL, C1), line and
     * paragraph separators, bidi and other format characters (Unicode category Cf), surrogates
     * and unassigned code units are escaped.
     */
    private static boolean safe(char c) {
        if (c >= 0x20 && c < 0x7f) {
            return c != '\\';
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE -> false;
            default -> true;
        };
    }
}
