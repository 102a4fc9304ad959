package org.bootnode.dhcp.lease;

import java.net.Inet4Address;
import org.bootnode.dhcp.MacAddress;

/** Tells an {@link AddressPolicy} whether an address is free for a client (no other lease, offer or decline on it). */
@FunctionalInterface
public interface AddressUsage {
    boolean isAvailable(Inet4Address address, MacAddress forClient);
}
