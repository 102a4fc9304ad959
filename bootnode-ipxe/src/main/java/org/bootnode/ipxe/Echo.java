package org.bootnode.ipxe;

import java.util.Objects;

/**
 * {@code echo [-n] [text...]}: print text, joined by single spaces.
 *
 * @param noNewline {@code -n}: no newline after the text
 * @param text the text
 */
public record Echo(boolean noNewline, Words text) implements Command {

    /** Checks the text. */
    public Echo {
        Objects.requireNonNull(text, "text");
    }

    /** {@code echo TEXT}, the text split on single spaces. */
    public static Echo of(String text) {
        return new Echo(false, Words.of(text));
    }

    @Override
    public String name() {
        return "echo";
    }
}
