package org.bootnode.ipxe;

import java.util.Objects;

/**
 * {@code iseq a b}: succeed when the two values, once expanded, are equal.
 *
 * @param left the first value
 * @param right the second value
 */
public record Iseq(Value left, Value right) implements Command {

    /** Checks the values. */
    public Iseq {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
    }

    @Override
    public String name() {
        return "iseq";
    }
}
