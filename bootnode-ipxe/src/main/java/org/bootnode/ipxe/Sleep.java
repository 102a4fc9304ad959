package org.bootnode.ipxe;

import org.bootnode.ipxe.internal.CommandSpec;

/**
 * {@code sleep seconds}: wait; fails when interrupted by Ctrl-C.
 *
 * @param seconds how long, in seconds
 */
public record Sleep(long seconds) implements Command {

    /** {@code sleep}: its options and arguments as iPXE declares them; how this record is read and written. */
    static final CommandSpec<Sleep, Value> SPEC = Spec.of("sleep", Sleep.class)
            .args(1, 1)
            .reader(in -> new Sleep(in.number(0)))
            .writer((c, out) -> out.literal(Long.toString(c.seconds())))
            .build();

    /** Checks the duration. */
    public Sleep {
        if (seconds < 0 || seconds > 0xffffffffL) {
            throw new IllegalArgumentException("sleep: " + seconds + " (expected: 0..4294967295 s)");
        }
    }

    @Override
    public String name() {
        return SPEC.name();
    }
}
