package org.bootnode.dhcp.internal;

/**
 * Makes text that came from the network safe for one log line: a client's host name, vendor
 * class or identifier could otherwise forge a line (a newline), rewrite the terminal (an ANSI
 * escape) or hide text (bidirectional overrides). Printable text passes unchanged; a backslash
 * becomes {@code \\}, the usual controls {@code \n \r \t}, any other control or format character
 * {@code \xNN} or {@code \x{NNNN}}. Long text is cut at {@link #MAX_CHARS}, marked with {@code ...}.
 */
public final class LogText {
    /** The most characters of one value written to a log line. */
    public static final int MAX_CHARS = 512;

    private LogText() {
    }

    /** {@code text} escaped for a log line; {@code null} becomes {@code "null"}. */
    public static String escape(CharSequence text) {
        if (text == null) {
            return "null";
        }
        int n = Math.min(text.length(), MAX_CHARS);
        StringBuilder sb = null;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            String replacement = replacement(c);
            if (replacement != null && sb == null) {
                sb = new StringBuilder(n + 16).append(text, 0, i);
            }
            if (sb != null) {
                sb.append(replacement != null ? replacement : String.valueOf(c));
            }
        }
        String out = sb != null ? sb.toString() : text.subSequence(0, n).toString();
        return text.length() > MAX_CHARS ? out + "..." : out;
    }

    private static String replacement(char c) {
        switch (c) {
            case '\\': return "\\\\";
            case '\n': return "\\n";
            case '\r': return "\\r";
            case '\t': return "\\t";
            default: break;
        }
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
            return String.format("\\x%02x", (int) c);
        }
        int type = Character.getType(c);
        // Unicode line and paragraph separators, bidi overrides and zero-width characters (FORMAT),
        // surrogates (a log line needs no characters beyond the BMP; a lone one breaks encoders).
        if (type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT
                || type == Character.SURROGATE || type == Character.PRIVATE_USE || type == Character.UNASSIGNED) {
            return String.format("\\x{%04x}", (int) c);
        }
        return null;
    }
}
