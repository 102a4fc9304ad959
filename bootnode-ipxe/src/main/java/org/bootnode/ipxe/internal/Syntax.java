package org.bootnode.ipxe.internal;

/** Character classes of iPXE's command line (core/exec.c, include/ctype.h). */
public final class Syntax {

    private Syntax() {
    }

    /** iPXE's {@code isspace()}: space, \f, \n, \r, \t, \v. */
    public static boolean isSpace(char ch) {
        return ch == ' ' || ch == '\f' || ch == '\n' || ch == '\r' || ch == '\t' || ch == 0x0b;
    }

    /** The tokens that end a command when they stand alone (core/exec.c command_terminator). */
    public static boolean isSeparator(String token) {
        return token.equals("||") || token.equals("&&") || token.equals(";");
    }

    /** A whitespace or control character named for an error message. */
    public static String describe(char ch) {
        return switch (ch) {
            case ' ' -> "a space";
            case '\t' -> "a tab";
            case '\n' -> "a newline";
            case '\r' -> "a carriage return";
            case '\f' -> "a form feed";
            case 0x0b -> "a vertical tab";
            case 0 -> "a NUL";
            default -> String.format("U+%04X", (int) ch);
        };
    }

    /** A short, printable rendering of hostile text for error messages. */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        int limit = Math.min(text.length(), 60);
        for (int i = 0; i < limit; i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (ch < 0x20 || ch == 0x7f) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        if (text.length() > limit) {
            out.append("...(").append(text.length()).append(" chars)");
        }
        return out.append('"').toString();
    }
}
