package org.bootnode.ipxe;

/**
 * Literal text inside a {@link Value}. Its rules depend on its neighbours, so they are
 * checked by {@link Value}; on its own a literal only has to be non-empty.
 *
 * @param text the text, never empty
 */
public record Literal(String text) implements Part {

    /** Checks that the text is present and not empty. */
    public Literal {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("literal: empty (expected: at least one character)");
        }
    }

    @Override
    public String render() {
        return text;
    }
}
