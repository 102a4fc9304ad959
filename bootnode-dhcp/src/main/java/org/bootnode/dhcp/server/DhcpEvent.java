package org.bootnode.dhcp.server;

import java.net.Inet4Address;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.pxe.ClientArch;
import org.bootnode.dhcp.pxe.ClientKind;

/**
 * One DHCP event for the boot timeline.
 *
 * @param mac the client
 * @param address the address offered, acknowledged, refused, declined or released ({@code 0.0.0.0} if none)
 * @param kind what kind of client it is
 * @param arch its architecture
 * @param bootFile the boot file or URL it was given, or empty text
 * @param hostName the host name it was given, or empty text
 * @param subnet the name of the subnet it asked from ({@link DhcpSubnet#name()}), or empty text (proxyDHCP)
 */
public record DhcpEvent(MacAddress mac, Inet4Address address, ClientKind kind, ClientArch arch, String bootFile, String hostName,
                        String subnet) {
    /** An event with no subnet named. */
    public DhcpEvent(MacAddress mac, Inet4Address address, ClientKind kind, ClientArch arch, String bootFile, String hostName) {
        this(mac, address, kind, arch, bootFile, hostName, "");
    }
}
