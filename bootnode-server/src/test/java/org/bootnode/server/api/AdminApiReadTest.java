package org.bootnode.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bootnode.dhcp.DhcpOptions;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.TestAddresses;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.GroupSpec;
import org.bootnode.server.config.ImageSpec;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.config.ServerSection;
import org.bootnode.server.inventory.BootStage;
import org.bootnode.server.inventory.BootTimeline;
import org.bootnode.server.inventory.Inventory;
import org.bootnode.server.inventory.UnknownMacs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read endpoints and the event stream, over an EmbeddedChannel. */
class AdminApiReadTest {
    static final MacAddress N0 = MacAddress.parse("fc:ab:14:e8:66:01");
    static final MacAddress N1 = MacAddress.parse("fc:ab:14:e8:66:02");
    static final MacAddress STRANGER = MacAddress.parse("02:00:00:00:00:99");

    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private BootTimeline timeline;
    private UnknownMacs unknown;
    private EventStream events;
    private ApiHarness http;

    @BeforeEach
    void setUp() {
        GroupSpec compute = new GroupSpec("compute", "compute", "quiet", DhcpOptions.empty(), Map.of());
        BootConfig config = BootConfig.builder()
                .server(new ServerSection(TestAddresses.ip("10.0.0.1"), null, Path.of("/tmp/unused")))
                .image(new ImageSpec("compute", Path.of("/boot/vmlinuz"), Path.of("/boot/initrd"), "console=ttyS0"))
                .group(compute)
                .node(new NodeSpec("node-000", N0, TestAddresses.ip("10.0.0.10"), "compute", compute, "", DhcpOptions.empty(), Map.of()))
                .node(new NodeSpec("node-001", N1, null, "compute"))
                .build();
        AtomicReference<Inventory> inventory = new AtomicReference<>(new Inventory(config));
        timeline = new BootTimeline(clock, 64, 64, mac -> inventory.get().node(mac).isPresent(), e -> { });
        unknown = new UnknownMacs(clock, 8);
        events = new EventStream(new EventStream.Limits(8, 4, 2, Duration.ofSeconds(15)));
        http = new ApiHarness(AdminApi.builder().inventory(inventory::get).timeline(timeline).unknown(unknown)
                .events(events).clock(clock).build());
    }

    private void boot(MacAddress mac) {
        timeline.record(mac, BootStage.DHCP_OFFER, 0, "10.0.0.10 pxe");
        timeline.record(mac, BootStage.SCRIPT, 100, "image compute");
        timeline.record(mac, BootStage.BOOTED, 0, "from 10.0.0.10");
    }

    @Test
    void nodesListsEveryNodeWithItsStateAndLatestBootThenTheUnknownMacs() {
        boot(N0);
        unknown.heard(STRANGER, "dhcp", "uefi-x64", "no reservation, not served");
        ApiHarness.Answer a = http.get("/api/nodes");
        assertEquals(200, a.status());
        assertEquals("application/json", a.header(HttpHeaderNames.CONTENT_TYPE));
        Map<?, ?> doc = (Map<?, ?>) a.json();
        List<?> nodes = (List<?>) doc.get("nodes");
        Map<?, ?> n0 = (Map<?, ?>) nodes.get(0);
        assertEquals("node-000", n0.get("name"));
        assertEquals("10.0.0.10", n0.get("ip"));
        assertEquals("compute", n0.get("group"));
        assertEquals("booted", n0.get("state"));
        assertEquals("2026-01-01T00:00:00Z", n0.get("last-boot"));
        assertEquals(3, ((List<?>) n0.get("events")).size());
        Map<?, ?> n1 = (Map<?, ?>) nodes.get(1);
        assertEquals("unseen", n1.get("state"));
        assertNull(n1.get("ip"));
        assertNull(n1.get("last-boot"));
        Map<?, ?> u = (Map<?, ?>) ((List<?>) doc.get("unknown")).get(0);
        assertEquals(Map.of("mac", STRANGER.toString(), "first-seen", "2026-01-01T00:00:00Z", "last-seen", "2026-01-01T00:00:00Z",
                "state", "ignored", "subnet", "dhcp", "arch", "uefi-x64", "detail", "no reservation, not served"), u);
    }

    @Test
    void nodeDetailHasItsSettingsBootsAndAnETagAndIsFoundByNameOrMac() {
        boot(N0);
        timeline.record(N0, BootStage.DHCP_OFFER, 0, "again");
        ApiHarness.Answer a = http.get("/api/nodes/node-000");
        assertEquals(200, a.status());
        assertTrue(a.header(HttpHeaderNames.ETAG).matches("\"[0-9a-f]{24}\""), a.header(HttpHeaderNames.ETAG));
        Map<?, ?> doc = (Map<?, ?>) a.json();
        assertEquals("dhcp-offer", doc.get("state"));
        assertEquals(2, ((List<?>) doc.get("boots")).size(), "one whole boot, one begun");
        assertTrue(((List<?>) doc.get("settings")).contains(Map.of("key", "cmdline", "value", "quiet", "from", "group compute")),
                doc.get("settings").toString());
        assertNull(doc.get("lease"));
        assertEquals(a.header(HttpHeaderNames.ETAG), http.get("/api/nodes/" + N0).header(HttpHeaderNames.ETAG));
        assertEquals(a.header(HttpHeaderNames.ETAG), http.get("/api/nodes/node-000").header(HttpHeaderNames.ETAG),
                "a boot does not change the tag");
        ApiHarness.Answer missing = http.get("/api/nodes/node-999");
        assertEquals(404, missing.status());
        assertEquals("no node node-999", ((Map<?, ?>) missing.json()).get("error"));
    }

    @Test
    void groupsAndLeasesWithoutDhcp() {
        Map<?, ?> g = (Map<?, ?>) ((List<?>) ((Map<?, ?>) http.get("/api/groups").json()).get("groups")).get(0);
        assertEquals("compute", g.get("name"));
        assertEquals("quiet", g.get("cmdline"));
        assertEquals(List.of(), g.get("overlays"));
        assertEquals(Map.of("leases", List.of()), http.get("/api/leases").json());
        ApiHarness.Answer release = http.send(HttpMethod.DELETE, "/api/leases/10.0.0.10", null, Access.WRITE, Map.of());
        assertEquals(404, release.status());
        ApiHarness.Answer bad = http.send(HttpMethod.DELETE, "/api/leases/node-000", null, Access.WRITE, Map.of());
        assertEquals(Map.of("error", "not an IPv4 address", "field", "ip"), bad.json());
    }

    @Test
    void timelineFiltersByNodeSinceAndLimitNewestLast() {
        boot(N0);
        boot(N1);
        List<?> all = (List<?>) ((Map<?, ?>) http.get("/api/timeline").json()).get("events");
        assertEquals(6, all.size());
        assertEquals(6, ((Number) ((Map<?, ?>) all.get(5)).get("id")).intValue());
        assertEquals("node-001", ((Map<?, ?>) all.get(5)).get("node"));
        List<?> n1 = (List<?>) ((Map<?, ?>) http.get("/api/timeline?node=node-001&since=4&limit=1").json()).get("events");
        assertEquals(1, n1.size());
        assertEquals(6, ((Number) ((Map<?, ?>) n1.get(0)).get("id")).intValue());
        assertEquals(Map.of("error", "expected a number 1..1000", "field", "limit"), http.get("/api/timeline?limit=0").json());
        assertEquals("colour", ((Map<?, ?>) http.get("/api/timeline?colour=red").json()).get("field"));
    }

    @Test
    void refusalsAreJson() {
        ApiHarness.Answer write = http.send(HttpMethod.DELETE, "/api/nodes/node-000", null, Access.READ, Map.of());
        assertEquals(403, write.status());
        assertEquals(Map.of("error", "read-only access"), write.json());
        assertEquals(404, http.get("/api/colours").status());
        ApiHarness.Answer wrong = http.send(HttpMethod.PATCH, "/api/groups", "{}", Access.WRITE, Map.of());
        assertEquals(405, wrong.status());
        assertEquals("GET, HEAD", wrong.header(HttpHeaderNames.ALLOW));
        assertEquals(409, http.send(HttpMethod.POST, "/api/nodes", "{}", Access.WRITE, Map.of()).status(),
                "no node-files: nodes are read-only");
    }

    @Test
    void eventStreamSendsBootStepsResumesAndBeatsTheHeart() {
        EmbeddedChannel watcher = http.channel(Access.READ);
        watcher.writeInbound(ApiHarness.request(HttpMethod.GET, "/api/events", null, Map.of()));
        HttpResponse head = watcher.readOutbound();
        assertEquals(200, head.status().code());
        assertEquals("text/event-stream; charset=utf-8", head.headers().get(HttpHeaderNames.CONTENT_TYPE));
        assertEquals("retry: 2000\n\n", ApiHarness.drainText(watcher));
        timeline.record(N0, BootStage.DHCP_OFFER, 0, "10.0.0.10");
        String frame = ApiHarness.drainText(watcher);
        assertTrue(frame.startsWith("id: 1\nevent: boot\ndata: {\"id\":1,\"node\":\"node-000\",\"mac\":\"fc:ab:14:e8:66:01\","
                + "\"stage\":\"dhcp-offer\""), frame);
        assertTrue(frame.endsWith("}\n\n"), frame);
        watcher.advanceTimeBy(15, TimeUnit.SECONDS);
        assertEquals(":\n\n", ApiHarness.drainText(watcher));

        timeline.record(N0, BootStage.SCRIPT, 10, "image compute");
        timeline.record(N0, BootStage.KERNEL, 20, "compute vmlinuz");
        EmbeddedChannel back = http.channel(Access.READ);
        back.writeInbound(ApiHarness.request(HttpMethod.GET, "/api/events", null, Map.of("Last-Event-ID", "1")));
        assertNotNull(back.readOutbound());
        String resumed = ApiHarness.drainText(back);
        assertTrue(resumed.contains("id: 2\n") && resumed.contains("id: 3\n") && !resumed.contains("id: 1\n"), resumed);
        watcher.finishAndReleaseAll();
        back.finishAndReleaseAll();
    }

    @Test
    void aWatcherTooFarBehindIsClosedAndATooOldResumeIsAReset() {
        EmbeddedChannel slow = http.channel(Access.READ);
        slow.writeInbound(ApiHarness.request(HttpMethod.GET, "/api/events", null, Map.of()));
        slow.readOutbound();
        // The loop of the slow watcher does not run: its queue (4) fills and it is closed.
        for (int i = 0; i < 5; i++) {
            events.publish("boot", Map.of("n", i));
        }
        slow.runPendingTasks();
        assertFalse(slow.isOpen());
        assertEquals(0, events.watchers());

        EmbeddedChannel late = http.channel(Access.READ);
        late.writeInbound(ApiHarness.request(HttpMethod.GET, "/api/events", null, Map.of("Last-Event-ID", "0")));
        late.readOutbound();
        String text = ApiHarness.drainText(late);
        assertTrue(text.contains("event: reset\n"), text);
        late.finishAndReleaseAll();
        slow.finishAndReleaseAll();
    }

    @Test
    void watchersAreBounded() {
        EmbeddedChannel a = http.channel(Access.READ);
        EmbeddedChannel b = http.channel(Access.READ);
        a.writeInbound(ApiHarness.request(HttpMethod.GET, "/api/events", null, Map.of()));
        b.writeInbound(ApiHarness.request(HttpMethod.GET, "/api/events", null, Map.of()));
        ApiHarness.Answer third = http.get("/api/events");
        assertEquals(503, third.status());
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }
}
