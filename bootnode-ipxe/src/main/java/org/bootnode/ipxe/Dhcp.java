package org.bootnode.ipxe;

import java.util.List;
import org.bootnode.ipxe.internal.CommandSpec;

/**
 * {@code dhcp [netdev...]}: configure interfaces by DHCP (all of them when none is named).
 *
 * @param interfaces the network devices, e.g. {@code net0}; may be empty
 */
public record Dhcp(List<Value> interfaces) implements Command {

    /** {@code dhcp}: its options and arguments as iPXE declares them; how this record is read and written. */
    static final CommandSpec<Dhcp, Value> SPEC = Spec.of("dhcp", Dhcp.class)
            .args(0, CommandSpec.MANY)
            .reader(in -> new Dhcp(in.args(0)))
            .writer((c, out) -> out.args(c.interfaces()))
            .build();

    /** Copies the list. */
    public Dhcp {
        interfaces = List.copyOf(interfaces);
    }

    /** {@code dhcp}. */
    public static Dhcp any() {
        return new Dhcp(List.of());
    }

    @Override
    public String name() {
        return SPEC.name();
    }
}
