package org.bootnode.ipxe;

import org.bootnode.ipxe.internal.CommandSpec;

/**
 * {@code exit [status]}: leave the script (and the shell).
 *
 * @param status the exit status, or null for 0
 */
public record Exit(Long status) implements Command {

    /** {@code exit}: its options and arguments as iPXE declares them; how this record is read and written. */
    static final CommandSpec<Exit, Value> SPEC = Spec.of("exit", Exit.class)
            .args(0, 1)
            .leavesScript()
            .reader(in -> new Exit(in.number(0)))
            .writer((c, out) -> out.literal(c.status() == null ? null : c.status().toString()))
            .build();

    /** Checks the status. */
    public Exit {
        if (status != null && (status < 0 || status > 0xffffffffL)) {
            throw new IllegalArgumentException("exit: " + status + " (expected: 0..4294967295)");
        }
    }

    @Override
    public String name() {
        return SPEC.name();
    }
}
