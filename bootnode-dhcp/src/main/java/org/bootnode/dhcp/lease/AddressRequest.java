package org.bootnode.dhcp.lease;

import java.net.Inet4Address;
import java.util.Optional;
import org.bootnode.dhcp.MacAddress;

/**
 * What an {@link AddressPolicy} decides on.
 *
 * @param mac the client
 * @param requested the address the client asks for (option 50 or ciaddr), or {@code 0.0.0.0}
 * @param subnet the subnet the client is on (by giaddr, or the served interface's)
 * @param current the client's current lease, or {@code null}
 */
public record AddressRequest(MacAddress mac, Inet4Address requested, Subnet subnet, Lease current) {
    public Optional<Lease> currentLease() {
        return Optional.ofNullable(current);
    }
}
