package org.bootnode.ipxe;

import java.util.Objects;
import org.bootnode.ipxe.internal.CommandSpec;

/**
 * {@code goto label}: continue at a label; the target may be a setting reference, as in
 * {@code choose target && goto ${target}}.
 *
 * @param target the label, without its colon
 */
public record Goto(Value target) implements Command {

    /** {@code goto}: its options and arguments as iPXE declares them; how this record is read and written. */
    static final CommandSpec<Goto, Value> SPEC = Spec.of("goto", Goto.class)
            .args(1, 1)
            .reader(in -> new Goto(in.arg(0)))
            .writer((c, out) -> out.arg(c.target()))
            .build();

    /** Checks the target. */
    public Goto {
        Objects.requireNonNull(target, "target");
    }

    /** {@code goto LABEL}. */
    public static Goto to(String label) {
        return new Goto(Value.text(new Label(label).name()));
    }

    @Override
    public String name() {
        return SPEC.name();
    }
}
