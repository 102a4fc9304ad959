package org.bootnode.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.HttpSection;
import org.bootnode.server.config.ImageSpec;
import org.bootnode.server.config.Ipv4;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.config.ServerSection;
import org.bootnode.server.config.TftpSection;
import org.bootnode.server.inventory.BootEvent;
import org.bootnode.server.inventory.BootStage;
import org.bootnode.tftp.client.TftpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Embedding: a BootServer built from code, HTTP and TFTP on free loopback ports, no DHCP. */
class BootServerTest {
    static final MacAddress MAC = MacAddress.parse("fc:ab:14:e8:66:01");

    @TempDir Path dir;

    @Test
    void startsWhatTheConfigurationNamesAndReloadsNodes() throws Exception {
        Files.createDirectories(dir.resolve("tftp"));
        byte[] undionly = new byte[5000];
        new java.util.Random(3).nextBytes(undionly);
        Files.write(dir.resolve("tftp/undionly.kpxe"), undionly);
        Files.writeString(dir.resolve("vmlinuz"), "kernel");
        Files.writeString(dir.resolve("initrd"), "initrd");
        ImageSpec compute = new ImageSpec("compute", dir.resolve("vmlinuz"), dir.resolve("initrd"), "console=ttyS0");
        BootConfig config = BootConfig.builder()
                .server(new ServerSection(Ipv4.parse("127.0.0.1"), null, dir.resolve("data")))
                .tftp(new TftpSection(0, dir.resolve("tftp")))
                .http(new HttpSection(0, 16, Duration.ofSeconds(10)))
                .image(compute)
                .node(new NodeSpec("node-000", MAC, Ipv4.parse("127.0.0.1"), "compute"))
                .build();
        try (BootServer server = BootServer.builder().config(config).start()) {
            int http = server.httpPort().orElseThrow();
            int tftp = server.tftpPort().orElseThrow();
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> script = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + http + "/boot/" + MAC + ".ipxe")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, script.statusCode());
            assertTrue(script.body().contains("http://127.0.0.1:" + http + "/images/compute/kernel"), script.body());

            try (TftpClient tftpClient = TftpClient.builder().build()) {
                assertArrayEquals(undionly, tftpClient.get(new InetSocketAddress("127.0.0.1", tftp), "undionly.kpxe"));
            }
            // The client returns once it has sent its last ACK; the server records the file when
            // that ACK arrives, on its own loop: wait (bounded) for the event, not for time.
            assertEquals(List.of(BootStage.SCRIPT, BootStage.TFTP_FILE), awaitStages(server, 2));

            MacAddress second = MacAddress.parse("fc:ab:14:e8:66:02");
            server.reload(config.toBuilder().node(new NodeSpec("node-001", second, null, "compute")).build());
            HttpResponse<String> after = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + http + "/boot/" + second + ".ipxe")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, after.statusCode());
            assertEquals(1, server.metrics().reloads.get());
        }
    }

    private static List<BootStage> awaitStages(BootServer server, int count) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
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
