package org.bootnode.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.lease.AddressRange;
import org.bootnode.dhcp.lease.InMemoryLeaseStore;
import org.bootnode.dhcp.lease.Lease;
import org.bootnode.dhcp.lease.Subnet;
import org.bootnode.dhcp.lease.UnknownClients;
import org.bootnode.server.config.DhcpSection;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.ConfigReader;
import org.bootnode.server.config.HttpSection;
import org.bootnode.server.config.ImageSpec;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.config.ServerSection;
import org.bootnode.server.config.TftpSection;
import org.bootnode.server.inventory.BootEvent;
import org.bootnode.server.inventory.BootStage;
import org.bootnode.tftp.client.TftpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Embedding: a BootServer built from code, HTTP, TFTP and DHCP on free loopback ports. */
class BootServerTest {
    static final MacAddress MAC = MacAddress.parse("fc:ab:14:e8:66:01");

    @TempDir Path dir;

    @Test
    void startsWhatTheConfigurationNamesAndReloadsNodes() throws Exception {
        byte[] undionly = new byte[5000];
        new Random(3).nextBytes(undionly);
        writeBootFiles(undionly);
        ImageSpec compute = new ImageSpec("compute", dir.resolve("vmlinuz"), dir.resolve("initrd"), "console=ttyS0");
        BootConfig config = BootConfig.builder()
                .server(new ServerSection(TestAddresses.ip("127.0.0.1"), null, dir.resolve("data")))
                .tftp(new TftpSection(0, dir.resolve("tftp")))
                .http(new HttpSection(0, 16, Duration.ofSeconds(10)))
                .image(compute)
                .node(new NodeSpec("node-000", MAC, TestAddresses.ip("127.0.0.1"), "compute"))
                .build();
        try (BootServer server = BootServer.builder().config(config).start()) {
            int http = server.httpPort().orElseThrow();
            int tftp = server.tftpPort().orElseThrow();
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> script = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + http + "/nodes/" + MAC + "/boot.ipxe")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, script.statusCode());
            assertTrue(script.body().contains("http://127.0.0.1:" + http + "/nodes/" + MAC + "/kernel"), script.body());

            try (TftpClient tftpClient = TftpClient.builder().build()) {
                assertArrayEquals(undionly, tftpClient.get(new InetSocketAddress("127.0.0.1", tftp), "undionly.kpxe"));
            }
            // The client returns once it has sent its last ACK; the server records the file when
            // that ACK arrives, on its own loop: wait (bounded) for the event, not for time.
            assertEquals(List.of(BootStage.SCRIPT, BootStage.TFTP_FILE), awaitStages(server, 2));

            MacAddress second = MacAddress.parse("fc:ab:14:e8:66:02");
            server.reload(config.toBuilder().node(new NodeSpec("node-001", second, null, "compute")).build());
            HttpResponse<String> after = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + http + "/nodes/" + second + "/boot.ipxe")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, after.statusCode());
            assertEquals(1, server.metrics().reloads.get());
        }
    }

    @Test
    void theStartLineCountsTheListenersLoops() {
        assertEquals("1 loop of its own", BootServer.loopsOfItsOwn(1));
        assertEquals("4 loops of its own", BootServer.loopsOfItsOwn(4));
    }

    @Test
    void theBootListenerRunsOnLoopsOfItsOwn() throws Exception {
        writeBootFiles("undionly".getBytes(StandardCharsets.US_ASCII));
        BootConfig config = BootConfig.builder()
                .server(new ServerSection(TestAddresses.ip("127.0.0.1"), null, dir.resolve("data")))
                .tftp(new TftpSection(0, dir.resolve("tftp")))
                .http(HttpSection.builder().port(0).threads(3).build())
                .image(new ImageSpec("compute", dir.resolve("vmlinuz"), dir.resolve("initrd"), ""))
                .node(new NodeSpec("node-000", MAC, TestAddresses.ip("127.0.0.1"), "compute"))
                .build();
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (BootServer server = BootServer.builder().config(config).start();
                TftpClient tftpClient = TftpClient.builder().build()) {
            tftpClient.get(new InetSocketAddress("127.0.0.1", server.tftpPort().orElseThrow()), "undionly.kpxe");
            // Four connections (a client each), one after the other: the listener's loops take them in turn.
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> script = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.httpPort().orElseThrow() + "/nodes/" + MAC + "/boot.ipxe")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, script.statusCode());
            }
            List<String> started = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t))
                    .map(Thread::getName).toList();
            // Netty names a loop prefix-pool-thread; the file threads are bootnode-http-files-pool-thread.
            assertEquals(3, started.stream().filter(n -> n.matches("bootnode-http-[0-9]+-[0-9]+")).count(), started::toString);
            assertTrue(started.stream().anyMatch(n -> n.matches("bootnode-[0-9]+-[0-9]+")), "TFTP's loops: " + started);
        }
    }

    @Test
    void tftpJoinsAPoolClientByItsLease() throws Exception {
        writeBootFiles("undionly".getBytes(StandardCharsets.US_ASCII));
        // node-000 has no reserved address: only the lease store knows it holds 127.0.0.1.
        BootConfig config = BootConfig.builder()
                .server(new ServerSection(TestAddresses.ip("127.0.0.1"), "lo", dir.resolve("data")))
                .dhcp(new DhcpSection(freeUdpPort(), Subnet.parse("127.0.0.0/8"), null, List.of(), null, Duration.ofHours(1),
                        UnknownClients.POOL, AddressRange.parse("127.0.0.100-127.0.0.200"), false))
                .tftp(new TftpSection(0, dir.resolve("tftp")))
                .image(new ImageSpec("compute", dir.resolve("vmlinuz"), dir.resolve("initrd"), ""))
                .node(new NodeSpec("node-000", MAC, null, "compute"))
                .build();
        InMemoryLeaseStore leases = new InMemoryLeaseStore();
        leases.put(new Lease(MAC, TestAddresses.ip("127.0.0.1"), "", Instant.now().plus(Duration.ofHours(1)), Lease.State.BOUND));
        try (BootServer server = BootServer.builder().config(config).leaseStore(leases).start();
                TftpClient tftpClient = TftpClient.builder().build()) {
            tftpClient.get(new InetSocketAddress("127.0.0.1", server.tftpPort().orElseThrow()), "undionly.kpxe");
            assertEquals(List.of(BootStage.TFTP_FILE), awaitStages(server, 1));
        }
    }

    @Test
    void aReloadBringsGroupsAndTheirKernelArgumentsAndKeepsOnlyConfiguredNodesTimelines() throws Exception {
        Files.createDirectories(dir.resolve("images"));
        Files.writeString(dir.resolve("images/vmlinuz"), "kernel");
        Files.writeString(dir.resolve("images/compute.img"), "initrd");
        String head = "server: { address: 127.0.0.1, data-dir: data }\nhttp: { port: 0 }\nadmin: { listen: [127.0.0.1:0] }\n"
                + "images:\n  compute: { kernel: images/vmlinuz, initrd: images/compute.img, cmdline: console=ttyS0 }\n";
        Path file = dir.resolve("bootnode.yaml");
        Files.writeString(file, head + "nodes:\n  node-000: { mac: \"" + MAC + "\", image: compute }\n");
        try (BootServer server = BootServer.builder().config(ConfigReader.read(file)).start()) {
            server.timeline().record(MAC, BootStage.DHCP_OFFER, 0, "");
            Files.writeString(file, head + "groups:\n  compute: { image: compute, cmdline: nohz_full=2-63 }\n"
                    + "nodes:\n  node-001: { mac: \"fc:ab:14:e8:66:02\", group: compute, cmdline: quiet }\n");
            server.reload(ConfigReader.read(file));
            URI uri = URI.create("http://127.0.0.1:" + server.httpPort().orElseThrow() + "/nodes/fc:ab:14:e8:66:02/boot.ipxe");
            HttpResponse<String> script = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, script.statusCode());
            assertTrue(script.body().contains("console=ttyS0 nohz_full=2-63 quiet bootnode.booted="), script.body());
            // node-000 is gone: its events stay, among the bounded rest, until newer unknown MACs push them out
            assertEquals(1, server.timeline().events(MAC).size());
        }
    }

    /**
     * The running DHCP server keeps its subnets until a restart, so it refuses a reloaded node
     * whose address fits only a subnet the new file adds. That refusal must leave everything as
     * it was: HTTP may not serve the new nodes while DHCP keeps the old reservations.
     */
    @Test
    void aReloadRefusedByDhcpChangesNothing() throws Exception {
        Files.createDirectories(dir.resolve("images"));
        Files.writeString(dir.resolve("images/vmlinuz"), "kernel");
        Files.writeString(dir.resolve("images/compute.img"), "initrd");
        String head = "server: { address: 127.0.0.1, interface: lo, data-dir: data }\nhttp: { port: 0 }\nadmin: { listen: [127.0.0.1:0] }\n"
                + "images:\n  compute: { kernel: images/vmlinuz, initrd: images/compute.img }\n"
                + "dhcp:\n  port: " + freeUdpPort() + "\n  subnet: 127.0.0.0/8\n";
        String node000 = "nodes:\n  node-000: { mac: \"" + MAC + "\", ip: 127.0.0.10, image: compute }\n";
        Path file = dir.resolve("bootnode.yaml");
        Files.writeString(file, head + node000);
        try (BootServer server = BootServer.builder().config(ConfigReader.read(file)).start()) {
            Files.writeString(file, head + "  subnets:\n    rack1: { subnet: 10.9.0.0/24 }\n" + node000
                    + "  node-001: { mac: \"fc:ab:14:e8:66:02\", ip: 127.0.0.11, image: compute }\n"
                    + "  node-002: { mac: \"fc:ab:14:e8:66:03\", ip: 10.9.0.10, image: compute }\n");
            BootConfig next = ConfigReader.read(file);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> server.reload(next));
            assertTrue(e.getMessage().contains("10.9.0.10 fits no subnet") && e.getMessage().endsWith("stays until a restart"),
                    e.getMessage());
            assertEquals(List.of("node-000"), server.inventory().nodes().stream().map(NodeSpec::name).toList());
            URI uri = URI.create("http://127.0.0.1:" + server.httpPort().orElseThrow() + "/nodes/fc:ab:14:e8:66:02/boot.ipxe");
            HttpResponse<String> script = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, script.statusCode());
            assertEquals(0, server.metrics().reloads.get());
        }
    }

    /** DHCP takes no port 0: a port free a moment ago. */
    /** The TFTP root with {@code undionly.kpxe}, and a kernel and initrd of a few bytes. */
    private void writeBootFiles(byte[] undionly) throws IOException {
        Files.createDirectories(dir.resolve("tftp"));
        Files.write(dir.resolve("tftp/undionly.kpxe"), undionly);
        Files.writeString(dir.resolve("vmlinuz"), "kernel");
        Files.writeString(dir.resolve("initrd"), "initrd");
    }

    private static int freeUdpPort() throws SocketException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static List<BootStage> awaitStages(BootServer server, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<BootStage> stages;
        do {
            stages = server.timeline().events(MAC).stream().map(BootEvent::stage).toList();
            if (stages.size() >= count) {
                return stages;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() - deadline < 0);
        return stages;
    }
}
