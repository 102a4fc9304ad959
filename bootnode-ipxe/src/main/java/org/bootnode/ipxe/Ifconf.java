package org.bootnode.ipxe;

import java.util.List;

/**
 * {@code ifconf [--configurator c] [netdev...]}: configure interfaces automatically.
 *
 * @param configurator {@code dhcp}, {@code ipv6}, ..., or null for all
 * @param interfaces the network devices; may be empty
 */
public record Ifconf(Value configurator, List<Value> interfaces) implements Command {

    /** Copies the list. */
    public Ifconf {
        interfaces = List.copyOf(interfaces);
    }

    @Override
    public String name() {
        return "ifconf";
    }
}
