package org.bootnode.dhcp.pxe;

import java.net.Inet4Address;
import org.bootnode.dhcp.DhcpMessage;
import org.bootnode.dhcp.MacAddress;

/**
 * What a {@link BootPolicy} decides on: the client, its classification, the address it gets
 * (or {@code 0.0.0.0} in proxyDHCP mode) and the request itself for anything more.
 */
public record BootRequest(MacAddress mac, ClientClass clientClass, Inet4Address address, DhcpMessage request) {
}
