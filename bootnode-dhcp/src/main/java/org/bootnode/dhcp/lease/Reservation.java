package org.bootnode.dhcp.lease;

import java.net.Inet4Address;
import java.util.Objects;
import org.bootnode.dhcp.MacAddress;

/**
 * A static reservation: this MAC always gets this address and host name.
 *
 * @param mac the client
 * @param address its address
 * @param hostName its host name (option 12), or empty text
 */
public record Reservation(MacAddress mac, Inet4Address address, String hostName) {
    public Reservation {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(hostName, "hostName");
    }
}
