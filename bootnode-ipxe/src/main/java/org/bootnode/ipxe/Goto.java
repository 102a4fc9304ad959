package org.bootnode.ipxe;

import java.util.Objects;

/**
 * {@code goto label}: continue at a label; the target may be a setting reference, as in
 * {@code choose target && goto ${target}}.
 *
 * @param target the label, without its colon
 */
public record Goto(Value target) implements Command {

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
        return "goto";
    }
}
