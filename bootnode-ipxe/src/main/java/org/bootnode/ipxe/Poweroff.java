package org.bootnode.ipxe;

import org.bootnode.ipxe.internal.CommandSpec;

/** {@code poweroff}: turn the machine off. */
public record Poweroff() implements Command {

    /** {@code poweroff}: its options and arguments as iPXE declares them; how this record is read and written. */
    static final CommandSpec<Poweroff, Value> SPEC = Spec.of("poweroff", Poweroff.class)
            .args(0, 0)
            .leavesScript()
            .reader(in -> new Poweroff())
            .writer((c, out) -> { })
            .build();

    @Override
    public String name() {
        return SPEC.name();
    }
}
