package org.bootnode.server.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.pxe.ClientArch;
import org.bootnode.dhcp.pxe.ClientKind;
import org.bootnode.dhcp.server.DhcpEvent;
import org.bootnode.server.inventory.BootTimeline;
import org.bootnode.server.metrics.ServerMetrics;
import org.junit.jupiter.api.Test;

/** What the boot timeline says about a DHCP offer or ACK: the address, the client, its file and its subnet. */
class DhcpTimelineDetailTest {
    static final MacAddress NODE = MacAddress.parse("fc:ab:14:e8:66:01");

    static DhcpEvent event(ClientKind kind, String bootFile, String subnet) {
        Inet4Address address;
        try {
            address = (Inet4Address) InetAddress.getByName("10.2.0.10"); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
        return new DhcpEvent(NODE, address, kind, ClientArch.X86_BIOS, bootFile, "", subnet);
    }

    @Test
    void detailNamesTheSubnetTheClientAskedFrom() {
        assertEquals("10.2.0.10 pxe x86-bios undionly.kpxe, subnet rack2",
                DhcpService.Bridge.detail(event(ClientKind.PXE, "undionly.kpxe", "rack2")));
        assertEquals("10.2.0.10 dhcp, subnet 10.2.0.0/24", DhcpService.Bridge.detail(event(ClientKind.DHCP, "", "10.2.0.0/24")));
    }

    @Test
    void proxyOfferNamesNoSubnet() {
        assertEquals("10.2.0.10 pxe x86-bios undionly.kpxe", DhcpService.Bridge.detail(event(ClientKind.PXE, "undionly.kpxe", "")));
    }

    @Test
    void subnetNameReachesTheTimelineEscaped() {
        BootTimeline timeline = new BootTimeline(Clock.systemUTC());
        new DhcpService.Bridge(timeline, new ServerMetrics()).ack(event(ClientKind.PXE, "undionly.kpxe", "rack2\nINFO forged\u001b[31m"));
        assertEquals("10.2.0.10 pxe x86-bios undionly.kpxe, subnet rack2\\nINFO forged\\x1b[31m",
                timeline.latestBoot(NODE).get(0).detail());
    }
}
