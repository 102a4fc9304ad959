package org.bootnode.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.ConfigReader;
import org.bootnode.server.config.FileNodeStore;
import org.bootnode.server.inventory.BootTimeline;
import org.bootnode.server.inventory.Inventory;
import org.bootnode.server.inventory.UnknownMacs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Node changes through the API, kept in node files: checked as config check checks, written atomically, reloaded. */
class AdminApiWriteTest {
    static final String MAIN = """
            server:
              address: 10.0.0.1
              data-dir: data
            dhcp:
              subnet: 10.0.0.0/24
              router: 10.0.0.1
              pool: 10.0.0.100-10.0.0.199
            images:
              compute:
                kernel: vmlinuz
                initrd: initrd
            groups:
              compute:
                image: compute
            nodes:
              node-000:
                mac: fc:ab:14:e8:66:01
                ip: 10.0.0.10
                group: compute
            node-files: nodes.d
            """;

    @TempDir Path dir;
    private Path main;
    private AtomicReference<Inventory> inventory;
    private UnknownMacs unknown;
    private EventStream events;
    private ApiHarness http;

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(dir.resolve("vmlinuz"), "k");
        Files.writeString(dir.resolve("initrd"), "i");
        main = dir.resolve("bootnode.yaml");
        Files.writeString(main, MAIN);
        BootConfig config = ConfigReader.read(main);
        inventory = new AtomicReference<>(new Inventory(config));
        BootTimeline timeline = new BootTimeline(Clock.systemUTC(), 64, 64, mac -> inventory.get().node(mac).isPresent(), e -> { });
        unknown = new UnknownMacs(Clock.systemUTC(), 8);
        events = new EventStream(new EventStream.Limits(64, 64, 4, Duration.ofSeconds(15)));
        Object lock = new Object();
        AtomicReference<AdminApi> api = new AtomicReference<>();
        api.set(AdminApi.builder().inventory(inventory::get).timeline(timeline).unknown(unknown).events(events)
                .nodeFiles(new FileNodeStore(config.nodeFiles().orElseThrow()), main, lock, next -> {
                    Inventory before = inventory.getAndSet(new Inventory(next));
                    api.get().reloaded(before, inventory.get());
                })
                .writes(Runnable::run).build());
        http = new ApiHarness(api.get());
    }

    private ApiHarness.Answer post(String uri, String body) {
        return http.send(HttpMethod.POST, uri, body, Access.WRITE, Map.of());
    }

    private ApiHarness.Answer put(String uri, String body, String ifMatch) {
        return http.send(HttpMethod.PUT, uri, body, Access.WRITE, ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch));
    }

    private List<String> nodeFiles() throws Exception {
        Path d = dir.resolve("nodes.d");
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void addWritesTheNodesOwnFileReloadsAndTellsTheWatchers() throws Exception {
        ApiHarness.Answer a = post("/api/nodes", "{\"name\":\"node-001\",\"mac\":\"fc:ab:14:e8:66:02\",\"ip\":\"10.0.0.11\","
                + "\"group\":\"compute\",\"cmdline\":\"quiet\",\"options\":{\"mtu\":\"9000\"}}");
        assertEquals(201, a.status(), a.body());
        assertEquals("/api/nodes/node-001", a.header(HttpHeaderNames.LOCATION));
        assertNotNull(a.header(HttpHeaderNames.ETAG));
        assertEquals("compute", ((Map<?, ?>) a.json()).get("image"));
        assertEquals(List.of("node-001.yaml"), nodeFiles());
        // What the API wrote, config check reads: the file is the node's definition.
        BootConfig reread = ConfigReader.read(main);
        assertEquals("10.0.0.11", reread.nodes().get("node-001").ip().getHostAddress());
        assertEquals("quiet", reread.nodes().get("node-001").cmdline());
        assertEquals(dir.resolve("nodes.d/node-001.yaml"), reread.nodeOrigin("node-001").orElseThrow());
        assertTrue(inventory.get().node(MacAddress.parse("fc:ab:14:e8:66:02")).isPresent(), "reloaded");
        assertEquals(a.header(HttpHeaderNames.ETAG), http.get("/api/nodes/node-001").header(HttpHeaderNames.ETAG));
        assertEquals(1, events.lastId(), "event: node added");
    }

    @Test
    void badInputIs400NamingTheFieldAndNothingChanges() throws Exception {
        Map<String, String> cases = Map.of(
                "{\"name\":\"node-001\",\"mac\":\"fc:ab:14:e8:66:01\",\"group\":\"compute\"}", "mac",
                "{\"name\":\"node-001\",\"mac\":\"fc:ab:14:e8:66:02\",\"ip\":\"10.0.0.10\",\"group\":\"compute\"}", "ip",
                "{\"name\":\"node-001\",\"mac\":\"fc:ab:14:e8:66:02\",\"ip\":\"10.9.0.10\",\"group\":\"compute\"}", "ip",
                "{\"name\":\"node-001\",\"mac\":\"fc:ab:14:e8:66:02\",\"ip\":\"10.0.0.150\",\"group\":\"compute\"}", "ip",
                "{\"name\":\"node 1\",\"mac\":\"fc:ab:14:e8:66:02\"}", "name",
                "{\"name\":\"../x\",\"mac\":\"fc:ab:14:e8:66:02\"}", "name",
                "{\"name\":\"node-000\",\"mac\":\"fc:ab:14:e8:66:02\"}", "name",
                "{\"name\":\"node-001\",\"mac\":\"fc:ab:14:e8:66:02\",\"group\":\"gpu\"}", "group",
                "{\"name\":\"node-001\",\"mac\":\"fc:ab:14:e8:66:02\",\"image\":\"nope\"}", "image",
                "{\"name\":\"node-001\",\"mac\":\"fc:ab:14:e8:66:02\",\"colour\":\"red\"}", "colour");
        for (var c : cases.entrySet()) {
            ApiHarness.Answer a = post("/api/nodes", c.getKey());
            assertEquals(400, a.status(), c.getKey() + " " + a.body());
            assertEquals(c.getValue(), ((Map<?, ?>) a.json()).get("field"), c.getKey() + " " + a.body());
        }
        for (String bad : List.of("{", "", "[1]", "{\"name\":\"a\",\"name\":\"b\",\"mac\":\"fc:ab:14:e8:66:02\"}")) {
            assertEquals(400, post("/api/nodes", bad).status(), bad);
        }
        assertEquals(List.of(), nodeFiles());
        assertEquals(1, inventory.get().nodes().size());
        assertEquals(0, events.lastId());
    }

    @Test
    void aNodeOfTheMainFileIsReadOnly() {
        ApiHarness.Answer a = put("/api/nodes/node-000", "{\"mac\":\"fc:ab:14:e8:66:01\",\"image\":\"compute\"}", null);
        assertEquals(409, a.status());
        assertTrue(((String) ((Map<?, ?>) a.json()).get("error")).contains("the main configuration file"), a.body());
        assertEquals(409, http.send(HttpMethod.DELETE, "/api/nodes/node-000", null, Access.WRITE, Map.of()).status());
    }

    @Test
    void aStaleETagIs412AndTheLaterWriterLosesNothing() throws Exception {
        String tag = post("/api/nodes", "{\"name\":\"node-001\",\"mac\":\"fc:ab:14:e8:66:02\",\"group\":\"compute\"}")
                .header(HttpHeaderNames.ETAG);
        ApiHarness.Answer first = put("/api/nodes/node-001", "{\"mac\":\"fc:ab:14:e8:66:02\",\"group\":\"compute\",\"cmdline\":\"a\"}", tag);
        assertEquals(200, first.status(), first.body());
        ApiHarness.Answer second = put("/api/nodes/node-001", "{\"mac\":\"fc:ab:14:e8:66:02\",\"group\":\"compute\",\"cmdline\":\"b\"}", tag);
        assertEquals(412, second.status(), second.body());
        assertEquals("a", ConfigReader.read(main).nodes().get("node-001").cmdline());
        ApiHarness.Answer third = put("/api/nodes/node-001", "{\"mac\":\"fc:ab:14:e8:66:02\",\"group\":\"compute\",\"cmdline\":\"b\"}",
                first.header(HttpHeaderNames.ETAG));
        assertEquals(200, third.status());
        assertEquals(204, http.send(HttpMethod.DELETE, "/api/nodes/node-001", null, Access.WRITE,
                Map.of("If-Match", third.header(HttpHeaderNames.ETAG))).status());
        assertEquals(List.of(), nodeFiles());
        assertFalse(inventory.get().config().nodes().containsKey("node-001"));
    }

    @Test
    void anEditInAFileNotYetReloadedIsKeptByAnApiChange() throws Exception {
        post("/api/nodes", "{\"name\":\"node-001\",\"mac\":\"fc:ab:14:e8:66:02\",\"group\":\"compute\"}");
        // An admin adds a node by hand and has not sent SIGHUP yet.
        Files.writeString(dir.resolve("nodes.d/rack.yaml"), "nodes:\n  node-002:\n    mac: fc:ab:14:e8:66:03\n    group: compute\n");
        ApiHarness.Answer a = put("/api/nodes/node-001", "{\"mac\":\"fc:ab:14:e8:66:02\",\"group\":\"compute\",\"cmdline\":\"x\"}", null);
        assertEquals(200, a.status(), a.body());
        assertTrue(inventory.get().config().nodes().containsKey("node-002"), "the hand edit is applied, not lost");
        assertEquals("x", inventory.get().config().nodes().get("node-001").cmdline());
        assertEquals(409, put("/api/nodes/node-002", "{\"mac\":\"fc:ab:14:e8:66:03\",\"group\":\"compute\"}", null).status(),
                "rack.yaml is the admin's, not the API's");
    }

    @Test
    void adoptionTakesAFreeAddressOutsideThePoolOfTheSubnetItWasHeardOn() throws Exception {
        MacAddress stranger = MacAddress.parse("02:00:00:00:00:99");
        unknown.heard(stranger, "dhcp", "x86-bios", "no reservation");
        ApiHarness.Answer a = post("/api/unknown/" + stranger + "/adopt", "{\"name\":\"node-050\",\"group\":\"compute\"}");
        assertEquals(201, a.status(), a.body());
        // .1 is the server and router, .10 is node-000's.
        assertEquals("10.0.0.2", ((Map<?, ?>) a.json()).get("ip"));
        assertTrue(unknown.get(stranger).isEmpty());
        assertEquals(404, post("/api/unknown/02:00:00:00:00:98/adopt", "{\"name\":\"node-051\"}").status());
        unknown.heard(MacAddress.parse("02:00:00:00:00:97"), "dhcp", "", "");
        ApiHarness.Answer given = post("/api/unknown/02:00:00:00:00:97/adopt",
                "{\"name\":\"node-052\",\"ip\":\"10.0.0.77\",\"image\":\"compute\"}");
        assertEquals("10.0.0.77", ((Map<?, ?>) given.json()).get("ip"));
    }

    @Test
    void aBodyOverOneMebibyteIs413() {
        String big = "{\"name\":\"" + "x".repeat(Json.MAX_BYTES) + "\"}";
        assertEquals(413, post("/api/nodes", big).status());
    }
}
