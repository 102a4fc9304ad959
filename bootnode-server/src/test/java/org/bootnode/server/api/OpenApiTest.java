package org.bootnode.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.bootnode.dhcp.DhcpCodec;
import org.bootnode.dhcp.DhcpMessage;
import org.bootnode.dhcp.DhcpMessageType;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.lease.InMemoryLeaseStore;
import org.bootnode.dhcp.lease.Lease;
import org.bootnode.server.BootServer;
import org.bootnode.server.TestAddresses;
import org.bootnode.server.config.ConfigReader;
import org.bootnode.server.inventory.BootStage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * docs/openapi.yaml against the server's real answers: a BootServer (DHCP on a free loopback
 * port, a lease, an unknown MAC heard, node files) asked over its admin listener, each answer
 * of each endpoint validated with its schema (JSON Schema 2020-12, as OpenAPI 3.1 uses).
 */
class OpenApiTest {
    static final MacAddress NODE = MacAddress.parse("fc:ab:14:e8:66:01");
    static final MacAddress STRANGER = MacAddress.parse("02:00:00:00:00:99");
    private static JsonNode openapi;

    @TempDir Path dir;

    @BeforeAll
    static void readTheFile() throws IOException {
        Path file = Path.of("..", "docs", "openapi.yaml");
        Object yaml = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
        openapi = new ObjectMapper().valueToTree(yaml);
        assertEquals("3.1.0", openapi.get("openapi").asText());
    }

    /** The schema of one answer: the path's, method's and status's, by its $ref into components. */
    private static Schema schema(String path, String method, int status) {
        JsonNode answer = openapi.at("/paths/" + path.replace("/", "~1") + "/" + method + "/responses/" + status);
        assertTrue(!answer.isMissingNode(), "no " + method + " " + path + " " + status + " in openapi.yaml");
        if (answer.has("$ref")) {
            answer = openapi.at(answer.get("$ref").asText().substring(1));
        }
        JsonNode schema = answer.at("/content/application~1json/schema");
        assertTrue(!schema.isMissingNode(), method + " " + path + " " + status + " has no JSON schema");
        ObjectNode wrapper = new ObjectMapper().createObjectNode();
        wrapper.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        wrapper.set("$ref", schema.get("$ref"));
        wrapper.set("components", openapi.get("components"));
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(wrapper.toString());
    }

    private record Answer(int status, String body) {}

    private Answer call(HttpClient client, String base, String method, String path, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(r::header);
        HttpResponse<String> response = client.send(r.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    private final List<String> checked = new ArrayList<>();

    private void check(String spec, String method, Answer a) throws IOException {
        checked.add(method + " " + spec + " " + a.status());
        List<Error> errors = schema(spec, method, a.status()).validate(new ObjectMapper().readTree(a.body()));
        assertEquals(List.of(), errors, method + " " + spec + " " + a.status() + ": " + a.body());
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void everyEndpointsAnswersMatchTheirSchemas() throws Exception {
        Files.writeString(dir.resolve("vmlinuz"), "k");
        Files.writeString(dir.resolve("initrd"), "i");
        int dhcpPort = freeUdpPort();
        Path main = dir.resolve("bootnode.yaml");
        Files.writeString(main, """
                server: {address: 127.0.0.1, data-dir: data}
                dhcp:
                  port: %d
                  subnet: 127.0.0.0/24
                  pool: 127.0.0.100-127.0.0.199
                images:
                  compute: {kernel: vmlinuz, initrd: initrd}
                groups:
                  compute: {image: compute, cmdline: quiet, options: {mtu: 9000}, boot-files: {bios: undionly.kpxe}}
                nodes:
                  node-000: {mac: fc:ab:14:e8:66:01, ip: 127.0.0.10, group: compute}
                node-files: nodes.d
                admin: {listen: ["127.0.0.1:0"]}
                """.formatted(dhcpPort));
        InMemoryLeaseStore leases = new InMemoryLeaseStore();
        leases.put(new Lease(NODE, TestAddresses.ip("127.0.0.10"), "node-000", Instant.now().plus(Duration.ofHours(1)),
                Lease.State.BOUND));
        leases.put(new Lease(MacAddress.parse("02:00:00:00:00:42"), TestAddresses.ip("127.0.0.100"), "",
                Instant.now().plus(Duration.ofHours(1)), Lease.State.BOUND));
        try (BootServer server = BootServer.builder().config(ConfigReader.read(main)).leaseStore(leases).start()) {
            String base = "http://127.0.0.1:" + server.adminAddresses().get(0).getPort();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            server.timeline().record(NODE, BootStage.DHCP_OFFER, 0, "127.0.0.10 pxe x86-bios");
            server.timeline().record(NODE, BootStage.BOOTED, 0, "from 127.0.0.10");
            hear(dhcpPort, STRANGER);
            awaitUnknown(client, base);

            check("/api/nodes", "get", call(client, base, "GET", "/api/nodes", null, Map.of()));
            check("/api/nodes/{name}", "get", call(client, base, "GET", "/api/nodes/node-000", null, Map.of()));
            check("/api/nodes/{name}", "get", call(client, base, "GET", "/api/nodes/nope", null, Map.of()));
            check("/api/groups", "get", call(client, base, "GET", "/api/groups", null, Map.of()));
            check("/api/leases", "get", call(client, base, "GET", "/api/leases", null, Map.of()));
            check("/api/unknown", "get", call(client, base, "GET", "/api/unknown", null, Map.of()));
            check("/api/timeline", "get", call(client, base, "GET", "/api/timeline?node=node-000", null, Map.of()));
            check("/api/timeline", "get", call(client, base, "GET", "/api/timeline?limit=x", null, Map.of()));

            String input = "{\"name\":\"node-001\",\"mac\":\"fc:ab:14:e8:66:02\",\"ip\":\"127.0.0.11\",\"group\":\"compute\"}";
            check("/api/nodes", "post", call(client, base, "POST", "/api/nodes", input, Map.of()));
            check("/api/nodes", "post", call(client, base, "POST", "/api/nodes", input, Map.of()));
            check("/api/nodes", "post", call(client, base, "POST", "/api/nodes", "{\"x\":1}", Map.of()));
            check("/api/nodes/{name}", "put", call(client, base, "PUT", "/api/nodes/node-001",
                    "{\"mac\":\"fc:ab:14:e8:66:02\",\"group\":\"compute\",\"cmdline\":\"debug\"}", Map.of()));
            check("/api/nodes/{name}", "put", call(client, base, "PUT", "/api/nodes/node-001",
                    "{\"mac\":\"fc:ab:14:e8:66:02\",\"group\":\"compute\"}", Map.of("If-Match", "\"stale\"")));
            check("/api/nodes/{name}", "put", call(client, base, "PUT", "/api/nodes/node-000",
                    "{\"mac\":\"fc:ab:14:e8:66:01\",\"group\":\"compute\"}", Map.of()));
            check("/api/unknown/{mac}/adopt", "post", call(client, base, "POST", "/api/unknown/" + STRANGER + "/adopt",
                    "{\"name\":\"node-099\",\"group\":\"compute\"}", Map.of()));
            check("/api/unknown/{mac}/adopt", "post", call(client, base, "POST", "/api/unknown/" + STRANGER + "/adopt",
                    "{\"name\":\"node-098\",\"group\":\"compute\"}", Map.of()));
            check("/api/leases/{ip}", "delete", call(client, base, "DELETE", "/api/leases/127.0.0.77", null, Map.of()));
            Answer released = call(client, base, "DELETE", "/api/leases/127.0.0.100", null, Map.of());
            assertEquals(204, released.status(), released.body());
            assertTrue(leases.byAddress(TestAddresses.ip("127.0.0.100")).isEmpty(), "released in the store");
            Answer removed = call(client, base, "DELETE", "/api/nodes/node-001", null, Map.of());
            assertEquals(204, removed.status(), removed.body());
            // The refusals the page and the CLI meet most, and every document the API writes.
            assertEquals(17, checked.size(), checked.toString());
            assertTrue(checked.containsAll(List.of("post /api/nodes 201", "post /api/nodes 400", "put /api/nodes/{name} 412",
                    "put /api/nodes/{name} 409", "post /api/unknown/{mac}/adopt 201", "get /api/nodes/{name} 404")), checked.toString());
        }
    }

    /** A DISCOVER from a MAC no node names: the server does not answer, and notes it. */
    private static void hear(int port, MacAddress mac) throws IOException {
        byte[] p = DhcpCodec.encode(DhcpMessage.builder().xid(0x4242).clientMac(mac).messageType(DhcpMessageType.DISCOVER).build());
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            s.send(new DatagramPacket(p, p.length, new InetSocketAddress("127.0.0.1", port)));
        }
    }

    private void awaitUnknown(HttpClient client, String base) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            JsonNode doc = new ObjectMapper().readTree(call(client, base, "GET", "/api/unknown", null, Map.of()).body());
            for (Iterator<JsonNode> it = doc.get("unknown").elements(); it.hasNext(); ) {
                if (it.next().get("mac").asText().equals(STRANGER.toString())) {
                    return;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the unknown MAC was not noted within 20 s");
    }
}
