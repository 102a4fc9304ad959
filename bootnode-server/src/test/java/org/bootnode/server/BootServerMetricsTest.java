package org.bootnode.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.config.AdminSection;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.HttpSection;
import org.bootnode.server.config.ImageSpec;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.config.ServerSection;
import org.bootnode.server.config.TftpSection;
import org.bootnode.server.metrics.ServerMetrics;
import org.bootnode.tftp.client.TftpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every HTTP, TFTP, boot and reload metric that {@link ServerMetrics} declares moves when its
 * event happens on a running server (a declared metric that never counts is worse than none).
 * The DHCP metrics are driven packet by packet in the bridge's own test; reload errors are
 * counted by {@code bootnode serve} and pinned in ServeCommandTest.
 */
class BootServerMetricsTest {
    static final MacAddress MAC = MacAddress.parse("fc:ab:14:e8:66:01");
    static final String TOKEN = "metrics-test-token-0123456789";

    @TempDir Path dir;

    @Test
    void everyHttpTftpBootAndReloadMetricMoves() throws Exception {
        Files.createDirectories(dir.resolve("tftp"));
        Files.write(dir.resolve("tftp/undionly.kpxe"), new byte[3000]);
        Files.writeString(dir.resolve("vmlinuz"), "kernel");
        Path tokens = Files.writeString(dir.resolve("tokens.yaml"), "ops: { access: read-write, token: " + TOKEN + " }\n");
        Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-------"));
        // Large enough that a client that reads nothing leaves the download in flight.
        try (RandomAccessFile initrd = new RandomAccessFile(dir.resolve("initrd").toFile(), "rw")) {
            initrd.setLength(64L << 20);
        }
        BootConfig config = BootConfig.builder()
                .server(new ServerSection(TestAddresses.ip("127.0.0.1"), null, dir.resolve("data")))
                .tftp(new TftpSection(0, dir.resolve("tftp")))
                // one connection per address, so that a second one is rejected
                .http(new HttpSection(0, 16, Duration.ofSeconds(30), 16 * 1024, Duration.ofSeconds(10), 1))
                .image(new ImageSpec("compute", dir.resolve("vmlinuz"), dir.resolve("initrd"), ""))
                .node(new NodeSpec("node-000", MAC, TestAddresses.ip("127.0.0.1"), "compute"))
                .node(new NodeSpec("node-001", MacAddress.parse("fc:ab:14:e8:66:02"), TestAddresses.ip("127.0.0.2"), "compute"))
                .admin(new AdminSection(List.of(new InetSocketAddress("127.0.0.1", 0)), null, tokens))
                .build();
        Map<String, Long> peak = new TreeMap<>();
        try (BootServer server = BootServer.builder().config(config).start()) {
            ServerMetrics m = server.metrics();
            int http = server.httpPort().orElseThrow();
            InetSocketAddress tftp = new InetSocketAddress("127.0.0.1", server.tftpPort().orElseThrow());

            // One connection per address: each must be gone on the server's side before the next.
            assertEquals(404, status(http, "GET /no/such/path HTTP/1.1"));
            await(() -> m.httpConnections.get() == 0, "the first connection closed");
            assertEquals(200, status(http, "GET /nodes/" + MAC + "/booted HTTP/1.1"));
            await(() -> m.httpConnections.get() == 0, "the second connection closed");
            assertEquals(403, status(http, "GET /nodes/fc:ab:14:e8:66:02/booted HTTP/1.1"));
            await(() -> m.httpConnections.get() == 0, "the third connection closed");
            int admin = server.adminAddresses().get(0).getPort();
            assertEquals(401, status(admin, "GET /metrics HTTP/1.1"));
            await(() -> m.httpConnections.get() == 0, "the admin connection closed");
            assertEquals(200, status(admin, "GET /metrics HTTP/1.1\r\nAuthorization: Bearer " + TOKEN));
            await(() -> m.httpConnections.get() == 0, "the second admin connection closed");
            try (TftpClient client = TftpClient.builder().build()) {
                client.get(tftp, "undionly.kpxe");
            }
            await(() -> m.tftpTransfers.get() == 1, "a TFTP transfer finished");

            // A download whose client reads nothing: a connection and a transfer stay open.
            try (Socket stalled = new Socket()) {
                stalled.setReceiveBufferSize(4096);
                stalled.connect(new InetSocketAddress("127.0.0.1", http));
                stalled.getOutputStream().write(("GET /nodes/" + MAC + "/initrd HTTP/1.1\r\nHost: x\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                await(() -> m.httpConnections.get() == 1 && m.httpTransfers.get() == 1, "a download in flight");
                peak.put(m.httpConnections.name(), m.httpConnections.get());
                peak.put(m.httpTransfers.name(), m.httpTransfers.get());
                // a second connection from the same address is one too many
                try (Socket second = new Socket("127.0.0.1", http)) {
                    await(() -> m.httpRejected.get() == 1, "a connection rejected");
                }
            }

            // An RRQ whose client never ACKs holds a transfer; one for a missing file is refused.
            try (DatagramSocket raw = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                raw.send(rrq("undionly.kpxe", tftp));
                await(() -> m.tftpInFlight.get() == 1, "a TFTP transfer in flight");
                peak.put(m.tftpInFlight.name(), m.tftpInFlight.get());
                raw.send(rrq("missing.efi", tftp));
                await(() -> m.tftpErrors.get() >= 1, "a TFTP request refused");
            }

            server.reload(config);
            for (ServerMetrics.Metric metric : m.all()) {
                peak.merge(metric.name(), metric.get(), Math::max);
            }
        }
        List<String> still = new ArrayList<>();
        peak.forEach((name, value) -> {
            if (value == 0 && !name.startsWith("bootnode_dhcp_") && !name.startsWith("bootnode_store_") && !name.equals("bootnode_reload_errors_total")) {
                still.add(name);
            }
        });
        assertTrue(still.isEmpty(), "metrics that never moved: " + still + " of " + peak);
    }

    private static int status(int port, String requestLine) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write((requestLine + "\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(head.substring(9, 12));
        }
    }

    private static DatagramPacket rrq(String file, InetSocketAddress to) {
        byte[] name = file.getBytes(StandardCharsets.US_ASCII);
        byte[] p = new byte[2 + name.length + 1 + 6];
        p[1] = 1; // RRQ
        System.arraycopy(name, 0, p, 2, name.length);
        System.arraycopy("octet".getBytes(StandardCharsets.US_ASCII), 0, p, 3 + name.length, 5);
        return new DatagramPacket(p, p.length, to);
    }

    /** Polls a condition, bounded: the events happen on the server's loops. */
    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within 10 s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
