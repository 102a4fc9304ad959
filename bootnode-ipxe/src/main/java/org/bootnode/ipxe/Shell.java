package org.bootnode.ipxe;

import org.bootnode.ipxe.internal.CommandSpec;

/** {@code shell}: an interactive iPXE shell. */
public record Shell() implements Command {

    /** {@code shell}: its options and arguments as iPXE declares them; how this record is read and written. */
    static final CommandSpec<Shell, Value> SPEC = Spec.of("shell", Shell.class)
            .args(0, 0)
            .reader(in -> new Shell())
            .writer((c, out) -> { })
            .build();

    @Override
    public String name() {
        return SPEC.name();
    }
}
