package org.bootnode.server.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.bootnode.dhcp.DhcpCodec;
import org.bootnode.dhcp.DhcpMessage;
import org.bootnode.dhcp.DhcpMessageType;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.OptionKey;
import org.bootnode.dhcp.lease.InMemoryLeaseStore;
import org.bootnode.dhcp.lease.Reservation;
import org.bootnode.dhcp.lease.Subnet;
import org.bootnode.dhcp.server.DhcpServer;
import org.bootnode.dhcp.server.DhcpServerConfig;
import org.bootnode.server.inventory.BootTimeline;
import org.bootnode.server.metrics.ServerMetrics;
import org.junit.jupiter.api.Test;

/**
 * Every DHCP metric that {@link ServerMetrics} declares moves when its event happens: raw
 * packets on loopback to a {@link DhcpServer} whose listener is {@link DhcpService}'s bridge.
 */
class ServerMetricsTest {
    static final MacAddress NODE = MacAddress.parse("fc:ab:14:e8:66:01");

    static Inet4Address ip(String s) throws Exception {
        return (Inet4Address) InetAddress.getByName(s);
    }

    static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static DhcpMessage.Builder fromNode(DhcpMessageType type) {
        return DhcpMessage.builder().xid(0x1234).clientMac(NODE).messageType(type);
    }

    @Test
    void everyDhcpMetricMovesWhenItsEventHappens() throws Exception {
        ServerMetrics metrics = new ServerMetrics();
        Inet4Address server = ip("127.0.0.1");
        Inet4Address reserved = ip("127.0.0.10");
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(server, 0))) {
            DhcpServerConfig config = DhcpServerConfig.builder().serverAddress(server).subnet(Subnet.parse("127.0.0.0/8"))
                    .port(freeUdpPort()).clientPort(client.getLocalPort()).build();
            try (DhcpServer dhcp = DhcpServer.builder(config)
                    .reservations(List.of(new Reservation(NODE, reserved, "node-000")))
                    .leaseStore(new InMemoryLeaseStore())
                    .listener(new DhcpService.Bridge(new BootTimeline(Clock.systemUTC()), metrics))
                    .build().start()) {
                InetSocketAddress to = new InetSocketAddress(server, config.port());
                List<byte[]> packets = new ArrayList<>();
                packets.add(new byte[] {1, 2, 3}); // not DHCP: ignored, an error
                packets.add(DhcpCodec.encode(fromNode(DhcpMessageType.DISCOVER).build())); // offer
                packets.add(DhcpCodec.encode(fromNode(DhcpMessageType.REQUEST)
                        .option(OptionKey.SERVER_ID, server).option(OptionKey.REQUESTED_ADDRESS, reserved).build())); // ack
                packets.add(DhcpCodec.encode(fromNode(DhcpMessageType.REQUEST)
                        .option(OptionKey.REQUESTED_ADDRESS, ip("127.0.0.99")).build())); // INIT-REBOOT, wrong address: nak
                for (byte[] p : packets) {
                    client.send(new DatagramPacket(p, p.length, to));
                }
                await(() -> metrics.dhcpAcks.get() == 1 && metrics.dhcpNaks.get() == 1, "ack and nak");
                // the lease is durable now: its holder may decline it
                byte[] decline = DhcpCodec.encode(fromNode(DhcpMessageType.DECLINE)
                        .option(OptionKey.SERVER_ID, server).option(OptionKey.REQUESTED_ADDRESS, reserved).build());
                client.send(new DatagramPacket(decline, decline.length, to));
                await(() -> metrics.dhcpDeclines.get() == 1, "decline");
                // a reserved node keeps its lease after a DECLINE: it may release it
                for (byte[] p : List.of(
                        DhcpCodec.encode(fromNode(DhcpMessageType.RELEASE).ciaddr(reserved).option(OptionKey.SERVER_ID, server).build()),
                        DhcpCodec.encode(fromNode(DhcpMessageType.INFORM).ciaddr(reserved).build()))) {
                    client.send(new DatagramPacket(p, p.length, to));
                }
                await(() -> metrics.dhcpReceived.get() == 7 && metrics.dhcpInforms.get() == 1, "received, release and inform");
            }
        }
        assertEquals(7, metrics.dhcpReceived.get(), "every datagram");
        assertEquals(metrics.dhcpReceived.get(), metrics.dhcpOffers.get() + metrics.dhcpAcks.get() + metrics.dhcpNaks.get()
                + metrics.dhcpDeclines.get() + metrics.dhcpReleases.get() + metrics.dhcpInforms.get() + metrics.dhcpIgnored.get(),
                "each datagram counted once more by what became of it");
        assertEquals(1, metrics.dhcpOffers.get());
        assertEquals(1, metrics.dhcpIgnored.get());
        assertEquals(1, metrics.dhcpErrors.get());
        List<String> still = new ArrayList<>();
        for (ServerMetrics.Metric m : metrics.all()) {
            if (m.name().startsWith("bootnode_dhcp_") && m.get() == 0) {
                still.add(m.name());
            }
        }
        assertTrue(still.isEmpty(), "DHCP metrics that never moved: " + still);
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // polls a condition, bounded
        }
    }
}
