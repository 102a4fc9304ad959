package org.bootnode.dhcp.lease;

import java.net.Inet4Address;
import java.util.Objects;
import org.bootnode.dhcp.DhcpOptions;
import org.bootnode.dhcp.MacAddress;

/**
 * A static reservation: this MAC always gets this address and host name, on the subnet that
 * holds the address, and these options on top of its subnet's (later wins: an embedder merges
 * a group's options and then the node's own into one map).
 *
 * @param mac the client
 * @param address its address
 * @param hostName its host name (option 12), or empty text
 * @param options the client's own options, sent over its subnet's; may be empty
 */
public record Reservation(MacAddress mac, Inet4Address address, String hostName, DhcpOptions options) {
    public Reservation {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(options, "options");
    }

    /** A reservation with no options of its own. */
    public Reservation(MacAddress mac, Inet4Address address, String hostName) {
        this(mac, address, hostName, DhcpOptions.empty());
    }
}
