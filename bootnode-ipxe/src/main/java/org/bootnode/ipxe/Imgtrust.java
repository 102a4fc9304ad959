package org.bootnode.ipxe;

import org.bootnode.ipxe.internal.CommandSpec;

/**
 * {@code imgtrust [--allow] [--permanent]}: require trusted images from now on.
 *
 * @param allow {@code --allow}: allow untrusted images again
 * @param permanent {@code --permanent}: make the policy permanent
 */
public record Imgtrust(boolean allow, boolean permanent) implements Command {

    /** {@code imgtrust}: its options and arguments as iPXE declares them; how this record is read and written. */
    static final CommandSpec<Imgtrust, Value> SPEC = Spec.of("imgtrust", Imgtrust.class)
            .flag("allow", 'a').flag("permanent", 'p')
            .args(0, 0)
            .reader(in -> new Imgtrust(in.flag("allow"), in.flag("permanent")))
            .writer((c, out) -> out.flag("allow", c.allow()).flag("permanent", c.permanent()))
            .build();

    @Override
    public String name() {
        return SPEC.name();
    }
}
