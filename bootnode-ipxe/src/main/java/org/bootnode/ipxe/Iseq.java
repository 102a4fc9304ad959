package org.bootnode.ipxe;

import java.util.Objects;
import org.bootnode.ipxe.internal.CommandSpec;

/**
 * {@code iseq a b}: succeed when the two values, once expanded, are equal.
 *
 * @param left the first value
 * @param right the second value
 */
public record Iseq(Value left, Value right) implements Command {

    /** {@code iseq}: its options and arguments as iPXE declares them; how this record is read and written. */
    static final CommandSpec<Iseq, Value> SPEC = Spec.of("iseq", Iseq.class)
            .args(2, 2)
            .reader(in -> new Iseq(in.arg(0), in.arg(1)))
            .writer((c, out) -> out.arg(c.left()).arg(c.right()))
            .build();

    /** Checks the values. */
    public Iseq {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
    }

    @Override
    public String name() {
        return SPEC.name();
    }
}
