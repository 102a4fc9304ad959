package org.bootnode.server.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.BootServer;
import org.bootnode.server.config.ConfigReader;
import org.bootnode.server.inventory.BootEvent;
import org.bootnode.server.inventory.BootStage;
import org.bootnode.testkit.BackgroundProcess;
import org.bootnode.testkit.RoutedNet;
import org.bootnode.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A qemu node in a rack boots to its image through a DHCP relay and a router: the routed half of
 * issue 18's topology, for real.
 *
 * <pre>
 *  test's namespace                router namespace              rack namespace
 *  BootServer (YAML, two subnets)  dhcrelay, ip_forward=1        bridge ── tap ── qemu node-000
 *  10.A.B.1 ──────────── veth ──── 10.A.B.254   10.A.B+1.1 ─ veth ─┘      (e1000, iPXE ROM, TCG)
 *                                  radvd (router lifetime 0)
 * </pre>
 *
 * node-000 is reserved at {@code .10} of the rack's subnet, which the server has no interface
 * in: its DHCP (iPXE's, then the image's udhcpc) can only come through ISC dhcrelay, and its
 * script, kernel, initrd and boot report only through the router, its default route. The test
 * asserts the compute image's marker on the console, iPXE's address and gateway there, every
 * stage of the timeline with the rack's address on the ACK, and dhcrelay's log of the replies it
 * forwarded to the node. With {@code CI=true} a missing qemu, dhcrelay, radvd or root fails it.
 */
class RackBootIT {
    private static final String NODE = "node-000";
    private static final String MAC = "fc:ab:14:e8:66:01";
    /** Generous: the boot takes 20 to 40 s under TCG here, on 2 cores shared with other work. */
    private static final Duration BOOT_LIMIT = Duration.ofSeconds(150);
    private static final Duration TIMELINE_LIMIT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final String MARKER = BootAssets.COMPUTE_MARKER + " (init pid 1, root tmpfs)";
    private static final Set<BootStage> STAGES = EnumSet.of(BootStage.DHCP_ACK, BootStage.SCRIPT,
            BootStage.KERNEL, BootStage.INITRD, BootStage.BOOTED);

    @TempDir Path dir;

    @Test
    void nodeInARackBootsThroughTheRelayAndTheRouter() throws Exception {
        Tools.requireRootAnd("ip", "dhcrelay", "radvd", "qemu-system-x86_64");
        BootAssets assets = BootAssets.get();
        Path logs = Files.createDirectories(BootAssets.projectDir().resolve("bootnode-server/target/rack-boot"));
        try (RoutedNet net = RoutedNet.create("rb", 1)) {
            RoutedNet.Rack rack = net.racks().get(0);
            String tap = rack.bridgeTap();
            Path config = writeConfig(net, rack, assets);
            try (BootServer server = BootServer.builder().config(ConfigReader.read(config)).start();
                 BackgroundProcess relay = net.startRelay(dir);
                 BackgroundProcess radvd = advertiseNoRouter(net, rack);
                 QemuNode node = QemuNode.start(NODE, Firmware.IPXE_ROM,
                         logs.resolve(rack.ns().name() + ".serial.log"),
                         rack.ns().command(Firmware.IPXE_ROM.qemu(NODE, MAC, tap, null).toArray(String[]::new)))) {
                Duration booted = awaitMarker(node, relay);
                System.out.printf(Locale.ROOT, "boot rack ipxe-rom %s booted in %.1f s%n", NODE,
                        booted.toMillis() / 1000.0);

                String console = node.console();
                // Routed: iPXE took the rack's address and the rack's router as its gateway, and
                // fetched everything from the server's address in another subnet.
                assertTrue(console.contains("net0: " + rack.at(10) + "/255.255.255.0 gw " + rack.gateway()),
                        () -> "iPXE's address and gateway in the rack\n" + tail(console));
                assertTrue(console.contains("http://" + net.serverAddress() + ":"),
                        () -> "iPXE fetched from " + net.serverAddress() + "\n" + tail(console));

                List<BootEvent> events = awaitStages(server, MacAddress.parse(MAC), node);
                assertTrue(events.stream().anyMatch(e -> e.stage() == BootStage.DHCP_ACK
                                && e.detail().startsWith(rack.at(10) + " ")),
                        () -> "an ACK of the rack's address " + rack.at(10) + ": " + events);
                // Relayed: the server has no interface in the rack's subnet, and dhcrelay says it
                // carried the server's replies to the node (ISC dhcrelay's debug log, -d).
                String relayed = relay.output();
                assertTrue(relayed.contains("Forwarded BOOTREPLY for " + MAC), () -> "dhcrelay's log\n" + relayed);
            }
        }
    }

    private Path writeConfig(RoutedNet net, RoutedNet.Rack rack, BootAssets assets) throws IOException {
        Path file = dir.resolve("bootnode.yaml");
        Files.writeString(file, """
                # Written by RackBootIT: the server's own subnet, and a rack behind a relay.
                server: { address: %s, interface: %s, data-dir: data }
                dhcp:
                  subnet: %s
                  subnets:
                    rack1: { subnet: %s, router: %s, lease-time: 1h }
                http:
                  port: 0
                admin:
                  listen: [127.0.0.1:0]
                images:
                  compute: { kernel: "%s", initrd: "%s", cmdline: "console=ttyS0 panic=-1" }
                nodes:
                  %s: { mac: "%s", ip: %s, image: compute }
                """.formatted(net.serverAddress(), net.serverInterface(), net.serverSubnet(),
                rack.subnet(), rack.gateway(), assets.kernel(), assets.compute(), NODE, MAC, rack.at(10)));
        return file;
    }

    /**
     * radvd on the router's rack side with router lifetime 0 (as docs/server.md recommends): it
     * answers iPXE's IPv6 router solicitation, which iPXE otherwise waits about 15 s for, and
     * offers the node no IPv6 route.
     */
    private BackgroundProcess advertiseNoRouter(RoutedNet net, RoutedNet.Rack rack) throws IOException {
        Path conf = dir.resolve("radvd.conf");
        Files.writeString(conf, "interface " + rack.link().outside()
                + " {\n  AdvSendAdvert on;\n  AdvDefaultLifetime 0;\n};\n");
        // radvd runs only with IPv6 forwarding on: set in the router's namespace alone.
        net.router().ok("sysctl", "-q", "-w", "net.ipv6.conf.all.forwarding=1");
        return BackgroundProcess.start(dir.resolve("radvd.log"), net.router().command(
                Tools.require("radvd").get(0).toString(), "-n", "-m", "stderr", "-C", conf.toString(),
                "-p", dir.resolve("radvd.pid").toString()));
    }

    /** Polls the console until the marker; fails on the deadline or when the VM exits. */
    private static Duration awaitMarker(QemuNode node, BackgroundProcess relay) {
        while (!node.console().contains(MARKER)) {
            if (!node.running()) {
                fail(NODE + ": VM exited before \"" + MARKER + "\"\n" + tail(node.console())
                        + "\n--- dhcrelay\n" + tail(relay.output()));
            }
            if (node.elapsed().compareTo(BOOT_LIMIT) > 0) {
                fail(NODE + ": no \"" + MARKER + "\" within " + BOOT_LIMIT.toSeconds() + " s\n--- serial "
                        + node.log() + "\n" + tail(node.console()) + "\n--- dhcrelay\n" + tail(relay.output()));
            }
            // The bounded pause of the poll: returns at once if the VM dies.
            node.awaitExit(POLL);
        }
        return node.elapsed();
    }

    /** Waits (bounded) until the timeline holds every stage; asserts that it does. */
    private static List<BootEvent> awaitStages(BootServer server, MacAddress mac, QemuNode clock) {
        Instant deadline = Instant.now().plus(TIMELINE_LIMIT);
        while (true) {
            List<BootEvent> events = server.timeline().events(mac);
            Set<BootStage> seen = events.stream().map(BootEvent::stage).collect(Collectors.toSet());
            if (seen.containsAll(STAGES) || Instant.now().isAfter(deadline)) {
                Set<BootStage> missing = EnumSet.copyOf(STAGES);
                missing.removeAll(seen);
                assertEquals(Set.of(), missing, () -> "stages missing from the timeline: " + events);
                return events;
            }
            // The bounded pause between polls of the server's state.
            clock.awaitExit(POLL);
        }
    }

    private static String tail(String text) {
        return text.length() <= 6000 ? text : "..." + text.substring(text.length() - 6000);
    }
}
