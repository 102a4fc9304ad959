package org.bootnode.dhcp.lease;

import java.net.Inet4Address;
import java.util.Optional;
import org.bootnode.dhcp.ClientId;
import org.bootnode.dhcp.MacAddress;

/**
 * What an {@link AddressPolicy} decides on. Reservations go by {@code mac}; the client's lease
 * ({@code current}) was found by its client identifier when it sent one (RFC 2131 §4.2).
 *
 * @param mac the client's hardware address (chaddr)
 * @param clientId its client identifier (option 61), or null when it sent none
 * @param requested the address the client asks for (option 50 or ciaddr), or {@code 0.0.0.0}
 * @param subnet the subnet the client is on (by giaddr, or the served interface's)
 * @param current the client's current lease, or {@code null}
 */
public record AddressRequest(MacAddress mac, ClientId clientId, Inet4Address requested, Subnet subnet, Lease current) {
    public Optional<Lease> currentLease() {
        return Optional.ofNullable(current);
    }
}
