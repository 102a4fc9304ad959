package org.bootnode.server.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.NodeSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OverlayService#cached}: a cached archive is served from memory only while the scanner's
 * last pass found its folders and host keys as they were. The scanner is driven by hand
 * ({@code rescan()}); its own schedule is set to an hour, so it never runs by itself here.
 */
class OverlayServiceTest {
    private static final Duration HOUR = Duration.ofHours(1);

    @TempDir
    Path dir;

    private static Overlay served(OverlayService service, BootConfig config, NodeSpec node, String client) throws Exception {
        OverlayService.Answer a = service.request(config, node, InetAddress.getByName(client)).get(30, TimeUnit.SECONDS);
        return assertInstanceOf(OverlayService.Answer.Served.class, a).overlay();
    }

    private static Optional<OverlayService.Answer.Served> cached(OverlayService service, BootConfig config, NodeSpec node,
            String client) throws IOException {
        return service.cached(config, node, InetAddress.getByName(client));
    }

    @Test
    void aCachedOverlayIsServedFromMemoryOnlyAfterTheScannerHasSeenItsFoldersUnchanged() throws Exception {
        BootConfig config = OverlayFixture.read(dir);
        NodeSpec n1 = config.nodes().get("node-001");
        try (OverlayService service = new OverlayService(config.server().dataDir(), 1, HOUR)) {
            assertTrue(cached(service, config, n1, "127.0.0.2").isEmpty(), "nothing built yet");
            Overlay built = served(service, config, n1, "127.0.0.2");
            assertTrue(cached(service, config, n1, "127.0.0.2").isEmpty(), "not before the scanner has looked");
            service.rescan();
            assertSame(built, cached(service, config, n1, "127.0.0.2").orElseThrow().overlay());
            // Sent from native memory (no copy per answer), read-only, the archive's bytes.
            ByteBuffer body = cached(service, config, n1, "127.0.0.2").orElseThrow().body();
            assertTrue(body.isDirect() && body.isReadOnly());
            byte[] sent = new byte[body.remaining()];
            body.duplicate().get(sent);
            assertArrayEquals(built.cpio(), sent);
            assertTrue(cached(service, config, n1, "127.0.0.9").isEmpty(), "ssh-host-keys: another address goes to the builders");
            assertTrue(cached(service, config, config.nodes().get("node-000"), "127.0.0.1").isEmpty(), "another node");

            Path hosts = dir.resolve("overlays/base/etc/hosts.mustache");
            Files.writeString(hosts, Files.readString(hosts) + "# changed\n");
            assertSame(built, cached(service, config, n1, "127.0.0.2").orElseThrow().overlay(), "seen at the next pass only");
            service.rescan();
            assertTrue(cached(service, config, n1, "127.0.0.2").isEmpty(), "a changed template: the builders rebuild");
            Overlay rebuilt = served(service, config, n1, "127.0.0.2");
            assertNotSame(built, rebuilt);
            assertTrue(new String(rebuilt.cpio(), StandardCharsets.UTF_8).contains("# changed"));
            assertSame(rebuilt, cached(service, config, n1, "127.0.0.2").orElseThrow().overlay());
        }
    }

    @Test
    void deletedHostKeysOrAnotherConfigurationTakeTheRequestBackToTheBuilders() throws Exception {
        BootConfig config = OverlayFixture.read(dir);
        NodeSpec n1 = config.nodes().get("node-001");
        try (OverlayService service = new OverlayService(config.server().dataDir(), 1, HOUR)) {
            Overlay built = served(service, config, n1, "127.0.0.2");
            service.rescan();
            assertSame(built, cached(service, config, n1, "127.0.0.2").orElseThrow().overlay());
            BootConfig reloaded = OverlayFixture.read(dir);
            assertTrue(cached(service, reloaded, reloaded.nodes().get("node-001"), "127.0.0.2").isEmpty(), "a reload");

            try (var files = Files.list(service.keys().folder("node-001"))) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            service.rescan();
            assertTrue(cached(service, config, n1, "127.0.0.2").isEmpty(), "keys deleted: new ones are made by the builders");
            Overlay again = served(service, config, n1, "127.0.0.2");
            assertNotSame(built, again);
            try (var files = Files.list(service.keys().folder("node-001"))) {
                assertEquals(4, files.count());
            }
            service.rescan();
            assertSame(again, cached(service, config, n1, "127.0.0.2").orElseThrow().overlay());
        }
    }
}
