package org.bootnode.ipxe;

import java.util.Objects;

/**
 * {@code isset value}: succeed when the value, once expanded, is not empty.
 *
 * @param value usually a setting reference
 */
public record Isset(Value value) implements Command {

    /** Checks the value. */
    public Isset {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String name() {
        return "isset";
    }
}
