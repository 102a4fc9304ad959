package org.bootnode.ipxe;

import java.util.List;
import org.bootnode.ipxe.internal.CommandSpec;

/**
 * {@code ifconf [--configurator c] [netdev...]}: configure interfaces automatically.
 *
 * @param configurator {@code dhcp}, {@code ipv6}, ..., or null for all
 * @param interfaces the network devices; may be empty
 */
public record Ifconf(Value configurator, List<Value> interfaces) implements Command {

    /** {@code ifconf}: its options and arguments as iPXE declares them; how this record is read and written. */
    static final CommandSpec<Ifconf, Value> SPEC = Spec.of("ifconf", Ifconf.class)
            .option("configurator", 'c')
            .args(0, CommandSpec.MANY)
            .reader(in -> new Ifconf(in.value("configurator"), in.args(0)))
            .writer((c, out) -> out.option("configurator", c.configurator()).args(c.interfaces()))
            .build();

    /** Copies the list. */
    public Ifconf {
        interfaces = List.copyOf(interfaces);
    }

    @Override
    public String name() {
        return SPEC.name();
    }
}
