package org.bootnode.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.BootUrls;
import org.bootnode.server.TestAddresses;
import org.bootnode.server.config.HttpSection;
import org.bootnode.server.inventory.BootEvent;
import org.bootnode.server.inventory.BootStage;
import org.bootnode.server.inventory.BootTimeline;
import org.bootnode.server.inventory.Inventory;
import org.bootnode.server.overlay.OverlayFixture;
import org.bootnode.server.overlay.OverlayService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /nodes/{mac}/overlay} over HTTP: 200 with an ETag, 304, 403 to another address, 404, 500, and the timeline. */
class OverlayHttpTest {
    static final MacAddress NODE0 = MacAddress.parse("fc:ab:14:e8:66:01");
    static final MacAddress NODE2 = MacAddress.parse("fc:ab:14:e8:66:03");

    @TempDir Path dir;
    BootTimeline timeline;
    OverlayService overlays;
    BootHttpServer server;

    @BeforeEach
    void start() throws IOException {
        AtomicReference<Inventory> inventory = new AtomicReference<>(new Inventory(OverlayFixture.read(dir)));
        timeline = new BootTimeline(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        overlays = new OverlayService(dir.resolve("data"), 2);
        server = BootHttpServer.builder()
                .config(new HttpSection(0, 64, Duration.ofSeconds(30)))
                .inventory(inventory::get)
                .timeline(timeline)
                .overlays(overlays)
                .urls(port -> BootUrls.of(TestAddresses.ip("127.0.0.1"), port))
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
        overlays.close();
    }

    @Test
    void theNodeGetsItsOverlayWithAnEtagAndA304WhenUnchanged() throws IOException {
        RawHttp.Response r = RawHttp.request(server.port(), "GET", "/nodes/fc-ab-14-e8-66-01/overlay");
        assertEquals(200, r.status(), r::text);
        assertEquals("application/x-cpio", r.header("content-type"));
        String etag = r.header("etag");
        assertNotNull(etag);
        assertEquals("070701", new String(r.body(), 0, 6, StandardCharsets.US_ASCII));
        RawHttp.Response again = RawHttp.request(server.port(), "GET", "/nodes/fc:ab:14:e8:66:01/overlay", "If-None-Match: " + etag);
        assertEquals(304, again.status());
        assertEquals(0, again.body().length);
        List<BootEvent> events = timeline.events(NODE0);
        assertEquals(BootStage.OVERLAY, events.get(0).stage());
        assertEquals("overlay", events.get(0).stage().label());
        assertTrue(events.get(0).detail().contains("ssh-ed25519 SHA256:"), events.get(0).detail());
        assertEquals(r.body().length, events.get(0).bytes());
    }

    @Test
    void secretFilesAskedForFromAnotherAddressAre403LoggedAndOnTheTimeline() throws IOException {
        RawHttp.Response r = RawHttp.requestFrom("127.0.0.3", server.port(), "GET", "/nodes/fc:ab:14:e8:66:01/overlay");
        assertEquals(403, r.status());
        assertFalse(r.text().contains("ssh"), r.text());
        BootEvent e = timeline.events(NODE0).get(0);
        assertEquals(BootStage.OVERLAY, e.stage());
        assertTrue(e.detail().startsWith("refused: secret files asked for from 127.0.0.3"), e.detail());
        assertFalse(Files.exists(dir.resolve("data/ssh-host-keys/node-000")));
        // node-002 has no secret files: its overlay goes to any address.
        assertEquals(200, RawHttp.requestFrom("127.0.0.3", server.port(), "GET", "/nodes/fc:ab:14:e8:66:03/overlay").status());
    }

    @Test
    void unknownNodesAre404AndABrokenTemplateGetsAFailureArchiveWithTheReason() throws IOException {
        assertEquals(404, RawHttp.request(server.port(), "GET", "/nodes/fc:ab:14:e8:66:99/overlay").status());
        Files.writeString(dir.resolve("overlays/base/etc/issue.mustache"), "{{rack}}\n");
        RawHttp.Response r = RawHttp.requestFrom("127.0.0.3", server.port(), "GET", "/nodes/fc:ab:14:e8:66:03/overlay");
        assertEquals(200, r.status());
        String body = r.text();
        assertTrue(body.contains("overlay-failed") && body.contains("overlay of node-002 cannot be built: base/etc/issue.mustache:1:"
                + " template: no variable 'rack'"), body);
        assertFalse(body.contains(dir.toString()), "the server's paths stay on the server: " + body);
        BootEvent e = timeline.events(NODE2).get(0);
        assertTrue(e.detail().startsWith("failed: ") && e.detail().contains("issue.mustache:1: template: no variable 'rack'"),
                e.detail());
    }

    @Test
    void theNodeScriptFetchesTheOverlayAsASecondInitrdOnlyWhenTheNodeHasOne() throws IOException {
        String script = RawHttp.request(server.port(), "GET", "/nodes/fc:ab:14:e8:66:01/boot.ipxe").text();
        String node = "http://127.0.0.1:" + server.port() + "/nodes/fc:ab:14:e8:66:01";
        assertTrue(script.contains("initrd --name overlay.img " + node + "/overlay || goto failed1"), script);
        assertTrue(script.contains("initrd=initrd.img initrd=overlay.img"), script);
        // The menu's failsafe comes without the overlay: a broken overlay still leaves a way in.
        String failsafe = script.substring(script.indexOf(":failsafe"));
        assertFalse(failsafe.contains("overlay"), failsafe);
    }
}
