package org.bootnode.server.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.BootServer;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.ConfigReader;
import org.bootnode.server.inventory.BootStage;
import org.bootnode.testkit.BackgroundProcess;
import org.bootnode.testkit.Exec;
import org.bootnode.testkit.RoutedNet;
import org.bootnode.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two racks behind a real relay, served by a {@link BootServer} started from a parsed YAML
 * configuration with {@code dhcp.subnets}, a group and node overrides: ISC dhcrelay in a router
 * namespace relays each rack's subnet to the server ({@link RoutedNet}); busybox udhcpc in each
 * rack gets its reserved address of its own subnet, that subnet's router, the group's MTU and NTP
 * server, and, on one node, its own MTU, domain search and option 224; curl from the rack, routed
 * through the router, fetches the node's iPXE script with the group's and the node's kernel
 * arguments. With {@code CI=true} a missing dhcrelay, udhcpc or curl fails the test.
 */
class RacksIT {
    static final String NODE1 = "02:00:00:00:01:10";
    static final String NODE2 = "fc:ab:14:e8:66:02";
    static final String SCRIPT = """
            #!/bin/sh
            case "$1" in
              bound|renew)
                ip addr flush dev "$interface"
                ip addr add "$ip/$mask" dev "$interface"
                ip route replace default via "$router" dev "$interface"
                echo "EVENT=$1 ip=$ip subnet=$subnet router=$router mtu=$mtu ntpsrv=$ntpsrv search=$search opt224=$opt224 lease=$lease"
                ;;
              *) echo "EVENT=$1" ;;
            esac
            """;

    @TempDir Path dir;

    @BeforeAll
    static void tools() {
        Tools.requireRootAnd("ip", "busybox", "dhcrelay", "curl");
    }

    Path config(RoutedNet net) throws IOException {
        RoutedNet.Rack rack1 = net.racks().get(0);
        RoutedNet.Rack rack2 = net.racks().get(1);
        Files.createDirectories(dir.resolve("images"));
        Files.writeString(dir.resolve("images/vmlinuz"), "kernel");
        Files.writeString(dir.resolve("images/compute.img"), "initrd");
        Path file = dir.resolve("bootnode.yaml");
        Files.writeString(file, """
                server: { address: %s, interface: %s, data-dir: data }
                dhcp:
                  subnet: %s
                  subnets:
                    rack1: { subnet: %s, router: %s, lease-time: 10m, pool: %s-%s, options: { ntp-servers: [%s] } }
                    rack2: { subnet: %s, router: %s, lease-time: 20m, options: { mtu: 1400 } }
                  options: { domain-search: [cluster.local] }
                http:
                  port: 0
                admin:
                  listen: [127.0.0.1:0]
                images:
                  compute: { kernel: images/vmlinuz, initrd: images/compute.img, cmdline: "console=ttyS0" }
                groups:
                  compute: { image: compute, cmdline: "nohz_full=2-63", options: { mtu: 9000, ntp-servers: [10.9.9.9] } }
                nodes:
                  node-110: { mac: "%s", ip: %s, group: compute }
                  node-210:
                    mac: "%s"
                    ip: %s
                    group: compute
                    cmdline: "bootnode.rack=2"
                    options:
                      mtu: 4000
                      domain-search: [node.rack2.cluster, cluster.local]
                      224: { type: hex, value: "0a:0b:0c" }
                """.formatted(net.serverAddress(), net.serverInterface(), net.serverSubnet(),
                rack1.subnet(), rack1.gateway(), rack1.at(100), rack1.at(199), net.serverAddress(),
                rack2.subnet(), rack2.gateway(),
                NODE1, rack1.at(10), NODE2, rack2.at(10)));
        return file;
    }

    Exec.Result udhcpc(RoutedNet.Rack rack, String mac) throws IOException {
        Path s = dir.resolve("udhcpc.sh");
        Files.writeString(s, SCRIPT);
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        rack.ns().ip("link", "set", rack.link().inside(), "address", mac);
        return rack.ns().run(Duration.ofSeconds(30), "busybox", "udhcpc", "-f", "-q", "-n", "-t", "5", "-T", "2",
                "-i", rack.link().inside(), "-s", s.toString(), "-O", "mtu", "-O", "ntpsrv", "-O", "search", "-O", "224");
    }

    static String bound(Exec.Result r, String more) {
        return r.out().lines().filter(l -> l.startsWith("EVENT=bound")).findFirst()
                .orElseThrow(() -> new AssertionError("no lease: " + r.describe() + "\n" + more));
    }

    static void has(String line, String part, String why) {
        assertTrue((line + " ").contains(" " + part + " "), () -> why + ": expected '" + part + "' in " + line);
    }

    @Test
    void eachRackGetsItsSubnetWithTheGroupsAndTheNodesOptionsThroughTheRelay() throws Exception {
        try (RoutedNet net = RoutedNet.create("rk", 2)) {
            BootConfig config = ConfigReader.read(config(net));
            try (BootServer server = BootServer.builder().config(config).start();
                 BackgroundProcess relay = net.startRelay(dir)) {
                RoutedNet.Rack rack1 = net.racks().get(0);
                RoutedNet.Rack rack2 = net.racks().get(1);

                String one = bound(udhcpc(rack1, NODE1), relay.output());
                has(one, "ip=" + rack1.at(10), "node-110's reservation in rack 1");
                has(one, "subnet=255.255.255.0", "rack 1's mask");
                has(one, "router=" + rack1.gateway(), "rack 1's router");
                has(one, "mtu=9000", "the group's MTU");
                has(one, "ntpsrv=10.9.9.9", "the group's NTP server over rack 1's");
                has(one, "search=cluster.local", "dhcp.options' domain search");
                has(one, "lease=600", "rack 1's lease time");

                String two = bound(udhcpc(rack2, NODE2), relay.output());
                has(two, "ip=" + rack2.at(10), "node-210's reservation in rack 2");
                has(two, "router=" + rack2.gateway(), "rack 2's router");
                has(two, "mtu=4000", "the node's own MTU over its group's 9000 and rack 2's 1400");
                has(two, "ntpsrv=10.9.9.9", "the group's NTP server");
                has(two, "search=node.rack2.cluster cluster.local", "the node's own domain search");
                has(two, "opt224=0a0b0c", "the node's own option by number");
                has(two, "lease=1200", "rack 2's lease time");

                assertTrue(server.timeline().events(MacAddress.parse(NODE2)).stream()
                        .anyMatch(e -> e.stage() == BootStage.DHCP_ACK && e.detail().startsWith(rack2.at(10) + " ")),
                        () -> server.timeline().events(MacAddress.parse(NODE2)).toString());

                // Routed, not bridged: rack 2 reaches the server's HTTP through the router.
                String url = server.urls().orElseThrow().nodeScript(MacAddress.parse(NODE2));
                Exec.Result script = rack2.ns().run(Duration.ofSeconds(20), "curl", "-sS", "--max-time", "10", url);
                assertTrue(script.out().contains("console=ttyS0 nohz_full=2-63 bootnode.rack=2 bootnode.booted="),
                        script::describe);
            }
        }
    }
}
