package org.bootnode.ipxe;

import org.bootnode.ipxe.internal.CommandSpec;

/**
 * {@code boot [image]}: execute an image (the selected one when none is named).
 *
 * @param image the image name, or null
 */
public record Boot(Value image) implements Command {

    /** {@code boot}: its options and arguments as iPXE declares them; how this record is read and written. */
    static final CommandSpec<Boot, Value> SPEC = Spec.of("boot", Boot.class)
            .args(0, 1)
            .leavesScript()
            .reader(in -> new Boot(in.arg(0)))
            .writer((c, out) -> out.arg(c.image()))
            .build();

    /** {@code boot}. */
    public static Boot selected() {
        return new Boot(null);
    }

    @Override
    public String name() {
        return SPEC.name();
    }
}
