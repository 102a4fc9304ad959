package org.bootnode.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.bootnode.server.BootServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 nodes in 40 racks of one file: {@code config check}'s read, a server's start and a
 * reload stay far below the 2 s the issue asks for on this machine (measured: see the commits).
 * The bound here is generous (10 s each, on a cold JVM shared with other builds) so that it
 * fails only on a quadratic slip, never on a busy machine.
 */
class ConfigScaleTest {
    static final int NODES = 10_000;
    static final int RACKS = 40;
    static final Duration BOUND = Duration.ofSeconds(10);

    @TempDir Path dir;

    /** The file: racks 10.R.0.0/22 each with 250 nodes, every node in group compute, every tenth with options of its own. */
    static Path write(Path dir, int dhcpPort) throws IOException {
        Files.createDirectories(dir.resolve("images"));
        Files.writeString(dir.resolve("images/vmlinuz"), "kernel");
        Files.writeString(dir.resolve("images/compute.img"), "initrd");
        StringBuilder y = new StringBuilder();
        y.append("server: { address: 127.0.0.1, interface: lo, data-dir: data }\n");
        y.append("dhcp:\n  port: ").append(dhcpPort).append("\n  subnet: 127.0.0.0/8\n  subnets:\n");
        for (int r = 0; r < RACKS; r++) {
            y.append("    rack").append(r).append(": { subnet: 10.").append(r).append(".0.0/22, router: 10.").append(r)
                    .append(".0.1, options: { mtu: 9000 } }\n");
        }
        y.append("http:\n  port: 0\n");
        y.append("admin:\n  listen: [127.0.0.1:0]\n");
        y.append("images:\n  compute: { kernel: images/vmlinuz, initrd: images/compute.img, cmdline: \"console=ttyS0\" }\n");
        y.append("groups:\n  compute: { image: compute, cmdline: \"nohz_full=2-63\", options: { ntp-servers: [10.0.0.1] } }\n");
        y.append("nodes:\n");
        for (int i = 0; i < NODES; i++) {
            int rack = i / (NODES / RACKS);
            int host = 10 + i % (NODES / RACKS);
            y.append(String.format("  node-%05d: { mac: \"02:00:00:%02x:%02x:%02x\", ip: 10.%d.%d.%d, group: compute",
                    i, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff, rack, host >> 8, host & 0xff));
            if (i % 10 == 0) {
                y.append(", cmdline: \"quiet\", options: { 224: { type: string, value: node-").append(i).append(" } }");
            }
            y.append(" }\n");
        }
        Path file = dir.resolve("bootnode.yaml");
        Files.writeString(file, y);
        return file;
    }

    @Test
    void tenThousandNodesAreReadAndServedQuickly() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0)) {
            port = s.getLocalPort();
        }
        Path file = write(dir, port);
        long t0 = System.nanoTime();
        BootConfig config = ConfigReader.read(file);
        Duration read = Duration.ofNanos(System.nanoTime() - t0);
        assertEquals(NODES, config.nodes().size());
        long t1 = System.nanoTime();
        try (BootServer server = BootServer.builder().config(config).start()) {
            Duration start = Duration.ofNanos(System.nanoTime() - t1);
            System.out.printf("ConfigScaleTest: %d nodes, %d bytes: read %d ms, start %d ms%n", NODES, Files.size(file),
                    read.toMillis(), start.toMillis());
            assertTrue(read.compareTo(BOUND) < 0, "read took " + read);
            assertTrue(start.compareTo(BOUND) < 0, "start took " + start);
            assertEquals(NODES, server.inventory().nodes().size());
        }
    }

    /** What SIGHUP does in {@code serve}: read the file again and reload it, three times, each a node more. */
    @Test
    void tenThousandNodesAreReloadedQuickly() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0)) {
            port = s.getLocalPort();
        }
        Path file = write(dir, port);
        try (BootServer server = BootServer.builder().config(ConfigReader.read(file)).start()) {
            for (int round = 1; round <= 3; round++) {
                Files.writeString(file, String.format("  extra-%d: { mac: \"02:01:00:00:00:%02x\", ip: 10.39.2.%d, group: compute }%n",
                        round, round, round), StandardOpenOption.APPEND);
                long t0 = System.nanoTime();
                BootConfig next = ConfigReader.read(file);
                long t1 = System.nanoTime();
                server.reload(next);
                Duration read = Duration.ofNanos(t1 - t0);
                Duration apply = Duration.ofNanos(System.nanoTime() - t1);
                System.out.printf("ConfigScaleTest: reload %d: read %d ms, apply %d ms%n", round, read.toMillis(), apply.toMillis());
                assertTrue(read.plus(apply).compareTo(BOUND) < 0, "reload took " + read.plus(apply));
                assertEquals(NODES + round, server.inventory().nodes().size());
            }
            assertEquals(3, server.metrics().reloads.get());
        }
    }
}
