package org.bootnode.dhcp.lease;

import java.net.Inet4Address;

/**
 * Tells an {@link AddressPolicy} whether an address is free for the requesting client: no other
 * client's lease or offer and no decline on it. Made by the server for one request.
 */
@FunctionalInterface
public interface AddressUsage {
    boolean isAvailable(Inet4Address address);
}
