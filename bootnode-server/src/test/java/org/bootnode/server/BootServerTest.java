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

    @Test
    void textFromTheNetworkIsEscapedInTheLogAndTheTimeline() throws Exception {
        // Issue 23, defect 6: a TFTP file name with a newline wrote a forged "booted" line.
        String forged = "x\n2026-01-01T00:00:00.000+0000 INFO  BootServer - node-000 " + MAC + " booted FORGED\u001b[31m";
        Files.createDirectories(dir.resolve("tftp"));
        Files.write(dir.resolve("tftp").resolve("evil\n\u001b[2Jname"), new byte[] {1, 2, 3});
        Files.writeString(dir.resolve("vmlinuz"), "kernel");
        Files.writeString(dir.resolve("initrd"), "initrd");
        BootConfig config = BootConfig.builder()
                .server(new ServerSection(Ipv4.parse("127.0.0.1"), null, dir.resolve("data")))
                .tftp(new TftpSection(0, dir.resolve("tftp")))
                .http(new HttpSection(0, 16, Duration.ofSeconds(10)))
                .image(new ImageSpec("compute", dir.resolve("vmlinuz"), dir.resolve("initrd"), ""))
                .node(new NodeSpec("node-000", MAC, Ipv4.parse("127.0.0.1"), "compute"))
                .build();
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(BootServer.class);
        var lines = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        lines.start();
        logger.addAppender(lines);
        try (BootServer server = BootServer.builder().config(config)
                // Any name is served: the name itself is the attack.
                .tftpSource((client, name) -> org.bootnode.tftp.server.FileLookup.found(
                        org.bootnode.tftp.server.TftpFile.of(new byte[] {1, 2, 3})))
                .start()) {
            try (TftpClient tftpClient = TftpClient.builder().build()) {
                tftpClient.get(new InetSocketAddress("127.0.0.1", server.tftpPort().orElseThrow()), forged);
            }
            HttpResponse<byte[]> file = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.httpPort().orElseThrow() + "/tftp/evil%0A%1B%5B2Jname")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, file.statusCode());
            assertEquals(List.of(BootStage.TFTP_FILE, BootStage.HTTP_FILE), awaitStages(server, 2));

            List<String> details = server.timeline().events(MAC).stream().map(BootEvent::detail).toList();
            assertEquals(List.of("x\\n2026-01-01T00:00:00.000+0000 INFO  BootServer - node-000 " + MAC + " booted FORGED\\x1b[31m",
                    "evil\\n\\x1b[2Jname"), details);
            List<String> logged = lines.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .filter(line -> line.startsWith("node-000")).toList();
            assertEquals(2, logged.size(), logged.toString());
            assertTrue(logged.get(0).contains("x\\n2026") && logged.get(0).contains("FORGED\\x1b[31m"), logged.get(0));
            assertTrue(logged.get(1).contains("evil\\n\\x1b[2Jname"), logged.get(1));
            for (String line : logged) {
                assertTrue(line.chars().noneMatch(c -> c < 0x20), line);
            }
        } finally {
            logger.detachAppender(lines);
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
