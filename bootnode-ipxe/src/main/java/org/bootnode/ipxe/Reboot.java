package org.bootnode.ipxe;

import org.bootnode.ipxe.internal.CommandSpec;

/**
 * {@code reboot [--warm]}: restart the machine.
 *
 * @param warm {@code --warm}: a warm reboot
 */
public record Reboot(boolean warm) implements Command {

    /** {@code reboot}: its options and arguments as iPXE declares them; how this record is read and written. */
    static final CommandSpec<Reboot, Value> SPEC = Spec.of("reboot", Reboot.class)
            .flag("warm", 'w')
            .args(0, 0)
            .leavesScript()
            .reader(in -> new Reboot(in.flag("warm")))
            .writer((c, out) -> out.flag("warm", c.warm()))
            .build();

    @Override
    public String name() {
        return SPEC.name();
    }
}
