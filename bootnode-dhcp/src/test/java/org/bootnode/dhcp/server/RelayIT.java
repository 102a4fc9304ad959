package org.bootnode.dhcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bootnode.dhcp.DhcpOptions;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.OptionValue;
import org.bootnode.dhcp.internal.Inet4;
import org.bootnode.dhcp.lease.AddressRange;
import org.bootnode.dhcp.lease.Reservation;
import org.bootnode.dhcp.lease.Subnet;
import org.bootnode.dhcp.lease.UnknownClients;
import org.bootnode.testkit.BackgroundProcess;
import org.bootnode.testkit.Exec;
import org.bootnode.testkit.RoutedNet;
import org.bootnode.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Racks behind a real relay: ISC dhcrelay in a router namespace relays two rack subnets to the
 * server (see {@link RoutedNet}); busybox udhcpc in each rack asks for an address. With
 * {@code CI=true} a missing dhcrelay or udhcpc fails the test.
 */
class RelayIT {
    static final String RACK1_CLIENT = "02:00:00:00:01:01";
    static final String RACK2_NODE = "fc:ab:14:e8:66:02";
    static final String SCRIPT = """
            #!/bin/sh
            case "$1" in
              bound|renew)
                ip addr flush dev "$interface"
                ip addr add "$ip/$mask" dev "$interface"
                ip route replace default via "$router" dev "$interface"
                echo "EVENT=$1 ip=$ip subnet=$subnet router=$router mtu=$mtu ntpsrv=$ntpsrv search=$search serverid=$serverid lease=$lease"
                ;;
              *) echo "EVENT=$1" ;;
            esac
            """;

    @TempDir
    Path tmp;

    @BeforeAll
    static void tools() {
        Tools.requireRootAnd("ip", "busybox", "dhcrelay");
    }

    /** Records every listener call, the ignored ones with their reason. */
    static final class Events implements DhcpListener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override public void ack(DhcpEvent e) { seen.add("ack " + e.mac() + " " + e.address().getHostAddress()); }
        @Override public void ignored(MacAddress mac, IgnoreReason reason) { seen.add("ignored " + mac + " " + reason); }
    }

    static Inet4Address ip(String s) {
        return Inet4.parse(s);
    }

    /** The server's own subnet, and rack 1; rack 2 too when {@code withRack2}. */
    static DhcpServer server(RoutedNet net, DhcpListener listener, boolean withRack2) {
        RoutedNet.Rack rack1 = net.racks().get(0);
        RoutedNet.Rack rack2 = net.racks().get(1);
        DhcpSubnet one = DhcpSubnet.builder(Subnet.parse(rack1.subnet())).name("rack1").router(ip(rack1.gateway()))
                .leaseTime(Duration.ofMinutes(10)).pool(new AddressRange(ip(rack1.at(100)), ip(rack1.at(199))))
                .options(DhcpOptions.builder().put(OptionValue.parse("mtu", "9000"))
                        .put(OptionValue.parse("ntp-servers", net.serverAddress())).build())
                .build();
        DhcpSubnet two = DhcpSubnet.builder(Subnet.parse(rack2.subnet())).name("rack2").router(ip(rack2.gateway()))
                .leaseTime(Duration.ofMinutes(20)).pool(new AddressRange(ip(rack2.at(100)), ip(rack2.at(199))))
                .options(DhcpOptions.builder().put(OptionValue.parse("mtu", "1400"))
                        .put(OptionValue.parse("ntp-servers", rack2.gateway())).build())
                .build();
        DhcpServerConfig config = DhcpServerConfig.builder()
                .serverAddress(ip(net.serverAddress()))
                .interfaceName(net.serverInterface())
                .subnet(Subnet.parse(net.serverSubnet()))
                .subnets(withRack2 ? List.of(one, two) : List.of(one))
                .unknownClients(UnknownClients.POOL)
                .build();
        List<Reservation> reservations = withRack2 ? List.of(new Reservation(MacAddress.parse(RACK2_NODE), ip(rack2.at(10)), "node-200",
                DhcpOptions.builder().put(OptionValue.parse("mtu", "4000"))
                        .put(OptionValue.parse("domain-search", "node.rack2.cluster, cluster.local")).build())) : List.of();
        return DhcpServer.builder(config).reservations(reservations).listener(listener).build();
    }

    Path script() throws IOException {
        Path s = tmp.resolve("udhcpc.sh");
        Files.writeString(s, SCRIPT);
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        return s;
    }

    Exec.Result udhcpc(RoutedNet.Rack rack, String mac, int tries) throws IOException {
        rack.ns().ip("link", "set", rack.link().inside(), "address", mac);
        return rack.ns().run(Duration.ofSeconds(30), "busybox", "udhcpc", "-f", "-q", "-n", "-t", Integer.toString(tries),
                "-T", "2", "-i", rack.link().inside(), "-s", script().toString(),
                "-O", "mtu", "-O", "ntpsrv", "-O", "search");
    }

    static String bound(Exec.Result r) {
        return r.out().lines().filter(l -> l.startsWith("EVENT=bound")).findFirst()
                .orElseThrow(() -> new AssertionError("no lease: " + r.describe()));
    }

    @Test
    void eachRackGetsAnAddressOfItsOwnSubnetWithThatSubnetsRouterAndOptions() throws Exception {
        Events events = new Events();
        try (RoutedNet net = RoutedNet.create("rly", 2);
             DhcpServer server = server(net, events, true).start();
             BackgroundProcess relay = net.startRelay(tmp)) {
            RoutedNet.Rack rack1 = net.racks().get(0);
            RoutedNet.Rack rack2 = net.racks().get(1);
            String one = bound(udhcpc(rack1, RACK1_CLIENT, 5));
            assertTrue(one.contains(" ip=" + rack1.at(100) + " "), one + "\n" + relay.output());
            assertTrue(one.contains(" subnet=255.255.255.0 "), one);
            assertTrue(one.contains(" router=" + rack1.gateway() + " "), one);
            assertTrue(one.contains(" mtu=9000 "), one);
            assertTrue(one.contains(" ntpsrv=" + net.serverAddress() + " "), one);
            assertTrue(one.contains(" serverid=" + net.serverAddress() + " "), one);
            assertTrue(one.contains(" lease=600"), one);

            String two = bound(udhcpc(rack2, RACK2_NODE, 5));
            assertTrue(two.contains(" ip=" + rack2.at(10) + " "), two);
            assertTrue(two.contains(" router=" + rack2.gateway() + " "), two);
            assertTrue(two.contains(" mtu=4000 "), "the reservation's own MTU over rack 2's 1400: " + two);
            assertTrue(two.contains(" search=node.rack2.cluster cluster.local "), "the reservation's own option 119: " + two);
            assertTrue(two.contains(" ntpsrv=" + rack2.gateway() + " "), "rack 2's NTP server: " + two);
            assertTrue(two.contains(" lease=1200"), two);
            assertTrue(events.seen.contains("ack " + RACK1_CLIENT + " " + rack1.at(100)), events.seen.toString());
            assertTrue(events.seen.contains("ack " + RACK2_NODE + " " + rack2.at(10)), events.seen.toString());
            // the lease is routed, not bridged: the node reaches the server through the router
            rack2.ns().ok("ping", "-c", "1", "-W", "5", net.serverAddress());
        }
    }

    @Test
    void aRackNoSubnetCoversIsIgnoredNamingItsLinkAndCounted() throws Exception {
        Events events = new Events();
        try (RoutedNet net = RoutedNet.create("rlx", 2);
             DhcpServer server = server(net, events, false).start();
             BackgroundProcess relay = net.startRelay(tmp)) {
            RoutedNet.Rack rack2 = net.racks().get(1);
            Exec.Result r = udhcpc(rack2, RACK2_NODE, 2);
            assertNotEquals(0, r.exitCode(), r.describe());
            String ignored = "ignored " + RACK2_NODE + " NoSubnet[link=/" + rack2.gateway() + "]";
            assertTrue(events.seen.contains(ignored), events.seen + "\n" + relay.output());
            assertEquals(events.seen.size(), events.seen.stream().filter(ignored::equals).count(), events.seen.toString());
        }
    }
}
