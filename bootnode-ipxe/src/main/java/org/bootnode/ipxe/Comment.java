package org.bootnode.ipxe;

import org.bootnode.ipxe.internal.Syntax;

/**
 * A comment line, {@code # text}. The text may not hold a line break or NUL, and may not end
 * in a backslash (iPXE would join the next line to it, script.c).
 *
 * @param text the text after {@code "# "}; may be empty
 */
public record Comment(String text) implements Statement {

    /** Checks the text. */
    public Comment {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\n' || ch == '\r' || ch == 0) {
                throw new IllegalArgumentException("comment: " + Syntax.quote(text) + " contains "
                        + Syntax.describe(ch) + " at index " + i + " (expected: one line)");
            }
        }
        if (text.endsWith("\\")) {
            throw new IllegalArgumentException("comment: " + Syntax.quote(text)
                    + " ends in a backslash (iPXE would join the next line to it)");
        }
    }

    @Override
    public String render() {
        return text.isEmpty() ? "#" : "# " + text;
    }
}
