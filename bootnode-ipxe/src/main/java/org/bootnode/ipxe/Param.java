package org.bootnode.ipxe;

import java.util.Objects;

/**
 * {@code param [--params n] [--header] key [value...]}: add a form parameter (or, with
 * {@code --header}, an HTTP header).
 *
 * @param list the list's name, or null for the default list
 * @param header {@code --header}
 * @param key the parameter's name
 * @param value the value
 */
public record Param(Value list, boolean header, Value key, Words value) implements Command {

    /** Checks the required parts. */
    public Param {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String name() {
        return "param";
    }
}
