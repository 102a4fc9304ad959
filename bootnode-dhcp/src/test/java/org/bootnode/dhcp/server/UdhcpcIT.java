package org.bootnode.dhcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.lease.AddressRange;
import org.bootnode.dhcp.lease.Reservation;
import org.bootnode.dhcp.lease.UnknownClients;
import org.bootnode.dhcp.pxe.BootDecision;
import org.bootnode.testkit.BackgroundProcess;
import org.bootnode.testkit.Exec;
import org.bootnode.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** busybox udhcpc against the server, in a network namespace made by the test. */
class UdhcpcIT {
    static final String MAC = "fc:ab:14:e8:66:01";
    static final String SCRIPT = """
            #!/bin/sh
            case "$1" in
              bound|renew)
                ip addr flush dev "$interface"
                ip addr add "$ip/$mask" dev "$interface"
                echo "EVENT=$1 ip=$ip subnet=$subnet router=$router dns=$dns hostname=$hostname domain=$domain boot_file=$boot_file siaddr=$siaddr serverid=$serverid lease=$lease"
                ;;
              *) echo "EVENT=$1" ;;
            esac
            """;

    @TempDir
    Path tmp;

    @BeforeAll
    static void tools() {
        Tools.requireRootAnd("ip", "busybox");
    }

    Path script() throws IOException {
        Path s = tmp.resolve("udhcpc.sh");
        Files.writeString(s, SCRIPT);
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        return s;
    }

    static DhcpServer server(TestNet net, DhcpListener listener, UnknownClients unknown) {
        DhcpServerConfig config = DhcpServerConfig.builder()
                .serverAddress(net.server)
                .interfaceName(net.link.outside())
                .subnet(net.subnet)
                .router(net.server)
                .dnsServers(List.of(net.server))
                .domain("cluster.local")
                .leaseTime(Duration.ofMinutes(10))
                .pool(new AddressRange(net.at(100), net.at(199)))
                .unknownClients(unknown)
                .build();
        return DhcpServer.builder(config)
                .reservations(List.of(new Reservation(MacAddress.parse(MAC), net.at(10), "node-000")))
                .bootPolicy(r -> BootDecision.pxe(net.server, "undionly.kpxe")) // every client, to see the file
                .listener(listener)
                .build();
    }

    Exec.Result udhcpcOnce(TestNet net) throws IOException {
        return net.client.run(Duration.ofSeconds(20), "busybox", "udhcpc", "-f", "-q", "-n", "-t", "3", "-T", "1",
                "-i", net.link.inside(), "-s", script().toString());
    }

    @Test
    void reservedClientGetsAddressMaskRouterDnsHostNameAndBootFile() throws Exception {
        try (DhcpLab lab = DhcpLab.start("udh", MAC, UnknownClients.IGNORE)) {
            Exec.Result r = udhcpcOnce(lab.net).ok();
            String bound = r.out().lines().filter(l -> l.startsWith("EVENT=bound")).findFirst().orElseThrow(() -> new AssertionError(r.describe()));
            assertTrue(bound.contains(" ip=" + lab.net.ip(10) + " "), bound);
            assertTrue(bound.contains(" subnet=255.255.255.0 "), bound);
            assertTrue(bound.contains(" router=" + lab.net.ip(1) + " "), bound);
            assertTrue(bound.contains(" dns=" + lab.net.ip(1) + " "), bound);
            assertTrue(bound.contains(" hostname=node-000 "), bound);
            assertTrue(bound.contains(" domain=cluster.local "), bound);
            assertTrue(bound.contains(" boot_file=undionly.kpxe "), bound);
            assertTrue(bound.contains(" siaddr=" + lab.net.ip(1) + " "), bound);
            assertTrue(bound.contains(" serverid=" + lab.net.ip(1) + " "), bound);
            assertTrue(bound.contains(" lease=600"), bound);
            lab.events.await(e -> e.equals("ack " + MAC + " " + lab.net.ip(10)), 5);
            assertEquals(lab.net.at(10), lab.server.leaseStore().byMac(MacAddress.parse(MAC)).orElseThrow().address());
        }
    }

    @Test
    void renewIsAckedAndReleaseFreesTheLease() throws Exception {
        try (DhcpLab lab = DhcpLab.start("udr", MAC, UnknownClients.IGNORE)) {
            try (BackgroundProcess udhcpc = BackgroundProcess.start(tmp.resolve("udhcpc.log"), lab.net.client.command(
                    "busybox", "udhcpc", "-f", "-R", "-t", "5", "-T", "1", "-i", lab.net.link.inside(), "-s", script().toString()))) {
                udhcpc.awaitOutput(Duration.ofSeconds(20), o -> o.contains("EVENT=bound"), "bound");
                Exec.ok(Duration.ofSeconds(5), "kill", "-USR1", Long.toString(udhcpc.process().pid()));
                udhcpc.awaitOutput(Duration.ofSeconds(20), o -> o.contains("EVENT=renew"), "renew");
                // udhcpc prints "renew" only on an ACK to its renewal. It may also have repeated a
                // REQUEST (after 1 s, -T 1) while the lease journal's fsync was slow, and every
                // REQUEST gets its ACK: so at least two, all for the reserved address.
                List<String> acks = lab.events.events().stream().filter(e -> e.startsWith("ack ")).toList();
                String diagnosis = lab.events.events() + "\n" + udhcpc.output();
                assertTrue(acks.size() >= 2, diagnosis);
                assertTrue(acks.stream().allMatch(e -> e.equals("ack " + MAC + " " + lab.net.ip(10))), diagnosis);
                assertTrue(lab.server.leaseStore().byMac(MacAddress.parse(MAC)).isPresent());
            } // SIGTERM: udhcpc -R releases
            lab.events.await(e -> e.equals("release " + MAC + " " + lab.net.ip(10)), 10);
            assertFalse(lab.server.leaseStore().byMac(MacAddress.parse(MAC)).isPresent(), "released lease is gone");
        }
    }

    @Test
    void unknownMacGetsNothingInIgnoreMode() throws Exception {
        try (DhcpLab lab = DhcpLab.start("udi", "fc:ab:14:e8:66:77", UnknownClients.IGNORE)) {
            Exec.Result r = udhcpcOnce(lab.net);
            assertNotEquals(0, r.exitCode(), r.describe());
            assertFalse(r.out().contains("EVENT=bound"), r.describe());
            lab.events.await(e -> e.equals("ignored fc:ab:14:e8:66:77 UnknownClient"), 5);
            assertTrue(lab.events.events().stream().noneMatch(e -> e.startsWith("offer")), lab.events.events().toString());
        }
    }

    @Test
    void unknownMacGetsAPoolAddressInPoolMode() throws Exception {
        try (DhcpLab lab = DhcpLab.start("udp", "fc:ab:14:e8:66:77", UnknownClients.POOL)) {
            Exec.Result r = udhcpcOnce(lab.net).ok();
            assertTrue(r.out().contains("EVENT=bound ip=" + lab.net.ip(100) + " "), r.describe());
            assertTrue(r.out().contains(" hostname= "), "pool clients get no host name: " + r.out());
        }
    }

    @Test
    void startFailsWhenTheDeviceCannotBeBoundInsteadOfServingEveryInterface() throws Exception {
        try (TestNet net = TestNet.create("udf")) {
            DhcpServerConfig config = DhcpServerConfig.builder().serverAddress(net.server).subnet(net.subnet)
                    .interfaceName("nosuchdev" + ProcessHandle.current().pid() % 100000).build();
            DhcpServer server = DhcpServer.builder(config).build();
            IOException e = assertThrows(IOException.class, server::start);
            assertTrue(e.getMessage().contains("SO_BINDTODEVICE"), e.getMessage());
            assertTrue(server.localAddresses().isEmpty());
            server.close();
        }
    }

    @Test
    void serverOnDefaultInterfaceFindsTheOneHoldingItsAddress() throws Exception {
        RecordingListener events = new RecordingListener();
        try (TestNet net = TestNet.create("udd")) {
            DhcpServerConfig config = DhcpServerConfig.builder().serverAddress(net.server).subnet(net.subnet).build();
            try (DhcpServer server = DhcpServer.builder(config)
                    .reservations(List.of(new Reservation(MacAddress.parse(MAC), net.at(10), "node-000")))
                    .listener(events).build().start()) {
                net.clientMac(MAC);
                Exec.Result r = udhcpcOnce(net).ok();
                assertTrue(r.out().contains("EVENT=bound ip=" + net.ip(10) + " "), r.describe());
            }
        }
    }

    @Test
    void clientOnTheOtherInterfaceGetsNoAnswer() throws Exception {
        RecordingListener events = new RecordingListener();
        try (TestNet served = TestNet.create("uds"); TestNet other = TestNet.create("udo");
             DhcpServer server = server(served, events, UnknownClients.POOL).start()) {
            other.clientMac(MAC); // even a reserved MAC, and even with a pool
            Exec.Result r = udhcpcOnce(other);
            assertNotEquals(0, r.exitCode(), r.describe());
            assertTrue(events.events().isEmpty(), "the server must not even see it: " + events.events());
        }
    }
}
