package org.bootnode.ipxe;

import java.util.List;

/**
 * {@code dhcp [netdev...]}: configure interfaces by DHCP (all of them when none is named).
 *
 * @param interfaces the network devices, e.g. {@code net0}; may be empty
 */
public record Dhcp(List<Value> interfaces) implements Command {

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
        return "dhcp";
    }
}
