package org.bootnode.ipxe;

import java.util.Objects;
import org.bootnode.ipxe.internal.CommandSpec;

/**
 * {@code isset value}: succeed when the value, once expanded, is not empty.
 *
 * @param value usually a setting reference
 */
public record Isset(Value value) implements Command {

    /** {@code isset}: its options and arguments as iPXE declares them; how this record is read and written. */
    static final CommandSpec<Isset, Value> SPEC = Spec.of("isset", Isset.class)
            .args(1, 1)
            .reader(in -> new Isset(in.arg(0)))
            .writer((c, out) -> out.arg(c.value()))
            .build();

    /** Checks the value. */
    public Isset {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String name() {
        return SPEC.name();
    }
}
