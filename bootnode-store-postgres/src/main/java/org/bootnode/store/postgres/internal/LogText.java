package org.bootnode.store.postgres.internal;

/**
 * Text for a log line from what the network or the database gave us (host names, error messages
 * quoting them): control characters, non-ASCII and backslash escaped, so a line stays one line.
 */
public final class LogText {
    private LogText() {}

    public static String escape(Object value) {
        String s = String.valueOf(value);
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                sb.append("\\\\");
            } else if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
