package org.bootnode.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.HttpSection;
import org.bootnode.server.config.ImageSpec;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.config.ServerSection;
import org.bootnode.server.config.TftpSection;
import org.bootnode.server.inventory.BootEvent;
import org.bootnode.server.inventory.BootStage;
import org.bootnode.tftp.client.TftpClient;
import org.bootnode.tftp.server.FileLookup;
import org.bootnode.tftp.server.TftpFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Text a client chooses, a TFTP file name or a path fetched over HTTP, on its way through a whole
 * BootServer into the timeline and the log lines: nothing in it can end a line or reach a terminal.
 */
class NetworkTextTest {
    static final MacAddress MAC = MacAddress.parse("fc:ab:14:e8:66:01");

    @TempDir Path dir;

    @Test
    void textFromTheNetworkIsEscapedInTheLogAndTheTimeline() throws Exception {
        // Issue 23, defect 6: a TFTP file name with a newline wrote a forged "booted" line.
        String forged = "x\n2026-01-01T00:00:00.000+0000 INFO  BootServer - node-000 " + MAC + " booted FORGED\u001b[31m";
        Files.createDirectories(dir.resolve("tftp"));
        Files.write(dir.resolve("tftp").resolve("evil\n\u001b[2Jname"), new byte[] {1, 2, 3});
        Files.writeString(dir.resolve("vmlinuz"), "kernel");
        Files.writeString(dir.resolve("initrd"), "initrd");
        BootConfig config = BootConfig.builder()
                .server(new ServerSection(ip("127.0.0.1"), null, dir.resolve("data")))
                .tftp(new TftpSection(0, dir.resolve("tftp")))
                .http(new HttpSection(0, 16, Duration.ofSeconds(10)))
                .image(new ImageSpec("compute", dir.resolve("vmlinuz"), dir.resolve("initrd"), ""))
                .node(new NodeSpec("node-000", MAC, ip("127.0.0.1"), "compute"))
                .build();
        Logger logger = (Logger) LoggerFactory.getLogger(BootServer.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try (BootServer server = BootServer.builder().config(config)
                // Any name is served: the name itself is the attack.
                .tftpSource((client, name) -> FileLookup.found(TftpFile.of(new byte[] {1, 2, 3})))
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
            List<String> logged = lines.list.stream().map(ILoggingEvent::getFormattedMessage)
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

    static Inet4Address ip(String literal) {
        try {
            return (Inet4Address) InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
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
