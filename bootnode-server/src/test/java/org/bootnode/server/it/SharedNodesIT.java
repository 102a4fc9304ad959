package org.bootnode.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.bootnode.dhcp.DhcpMessage;
import org.bootnode.dhcp.DhcpMessageType;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.OptionKey;
import org.bootnode.server.BootServer;
import org.bootnode.server.bridge.SharedNodes;
import org.bootnode.server.config.ConfigReader;
import org.bootnode.server.config.NodeStore;
import org.bootnode.server.config.ServerSection;
import org.bootnode.server.config.StoreSection;
import org.bootnode.testkit.Postgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code store: { postgres: ... }} and the admin API: two BootServers (127.0.0.1 and 127.0.0.2 on
 * lo, each with its DHCP port) share one PostgreSQL started by the test (testkit's
 * {@link Postgres}: fails, never skips, with CI=true when it is missing). A node added through
 * A's API is kept in the database, shown by B's {@code /api/nodes} within the poll bound and
 * answered by B's DHCP (the test relays at 127.0.0.3, as {@link SharedStoreIT} does); an edit on
 * B with the tag A's edit made stale is 412; a removal on A is seen by B. A change that breaks
 * the configuration's rules (an address outside every subnet, an address another server's node
 * holds) is 400 and writes nothing.
 */
class SharedNodesIT {
    static final Inet4Address SERVER_A = SharedStoreIT.ip("127.0.0.1");
    static final Inet4Address SERVER_B = SharedStoreIT.ip("127.0.0.2");
    static final MacAddress NODE = MacAddress.parse("fc:ab:14:e8:66:01");
    static final MacAddress ADDED = MacAddress.parse("fc:ab:14:e8:66:07");
    /** B polls the table's generation every second: a change shows within that, plus a reload. */
    static final Duration SEEN_WITHIN = Duration.ofSeconds(5);
    static final AtomicInteger DATABASES = new AtomicInteger();

    static Postgres pg;

    @TempDir Path dir;

    @BeforeAll
    static void startPostgres() {
        pg = Postgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) {
            pg.close();
        }
    }

    /** A server at {@code address} sharing {@code url}, with node-000 in its main file; no pool, so DHCP answers nodes only. */
    BootServer server(String name, Inet4Address address, int port, String url) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.writeString(folder.resolve("vmlinuz"), "kernel");
        Files.writeString(folder.resolve("initrd.img"), "initrd");
        Path pass = folder.resolve("pg.pass");
        Files.writeString(pass, Postgres.PASSWORD + "\n");
        Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-------"));
        Path file = folder.resolve("bootnode.yaml");
        Files.writeString(file, """
                server: { address: %s, interface: lo, data-dir: data }
                admin:
                  listen: [%s:0]
                store:
                  postgres: { url: "%s", user: %s, password-file: pg.pass }
                dhcp:
                  port: %d
                  subnet: 127.0.0.0/8
                http:
                  port: 0
                images:
                  compute: { kernel: vmlinuz, initrd: initrd.img }
                nodes:
                  node-000: { mac: "%s", ip: 127.0.0.50, image: compute }
                """.formatted(address.getHostAddress(), address.getHostAddress(), url, Postgres.USER, port, NODE));
        return BootServer.builder().config(ConfigReader.read(file)).start();
    }

    static String database(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    @Test
    void aNodeChangedThroughOneServersApiIsServedByTheOther() throws Exception {
        String url = pg.createDatabase("nodes" + DATABASES.incrementAndGet());
        int portA = SharedStoreIT.freePort();
        int portB = SharedStoreIT.freePort();
        try (BootServer a = server("a", SERVER_A, portA, url);
                BootServer b = server("b", SERVER_B, portB, url);
                SharedStoreIT.Relay relay = new SharedStoreIT.Relay()) {
            Api apiA = new Api(a);
            Api apiB = new Api(b);
            // B knows nothing of the MAC yet: no pool, so no answer.
            assertEquals(null, relay.exchange(portB, relay.discover(ADDED).build(), Duration.ofMillis(500)));

            HttpResponse<String> added = apiA.send("POST", "/api/nodes", """
                    {"name":"node-007","mac":"%s","ip":"127.0.0.57","image":"compute"}""".formatted(ADDED), null);
            assertEquals(201, added.statusCode(), added.body());
            assertEquals("node-007", pg.psql(database(url), "SELECT name FROM node").strip(), "kept in the table");
            assertTrue(Files.notExists(dir.resolve("a/nodes.d")) && Files.notExists(dir.resolve("b/nodes.d")),
                    "written to node files");

            String atB = apiB.await("/api/nodes/node-007", r -> r.statusCode() == 200).body();
            assertTrue(atB.contains("127.0.0.57"), atB);
            DhcpMessage ack = relay.until(portB, ADDED, () -> relay.request(ADDED)
                    .option(OptionKey.REQUESTED_ADDRESS, SharedStoreIT.ip("127.0.0.57")), DhcpMessageType.ACK, SEEN_WITHIN);
            assertEquals(SharedStoreIT.ip("127.0.0.57"), ack.yiaddr());
            assertEquals(Optional.of(SERVER_B), ack.option(OptionKey.SERVER_ID));

            // A's edit makes the tag both read stale: B refuses it (412) and keeps A's edit.
            String tag = added.headers().firstValue("ETag").orElseThrow();
            assertEquals(tag, apiB.send("GET", "/api/nodes/node-007", null, null).headers().firstValue("ETag").orElseThrow(),
                    "one node, one tag on both servers");
            HttpResponse<String> edited = apiA.send("PUT", "/api/nodes/node-007", """
                    {"mac":"%s","ip":"127.0.0.57","image":"compute","cmdline":"from-a"}""".formatted(ADDED), tag);
            assertEquals(200, edited.statusCode(), edited.body());
            String newTag = edited.headers().firstValue("ETag").orElseThrow();
            assertNotEquals(tag, newTag);
            HttpResponse<String> stale = apiB.send("PUT", "/api/nodes/node-007", """
                    {"mac":"%s","ip":"127.0.0.57","image":"compute","cmdline":"from-b"}""".formatted(ADDED), tag);
            assertEquals(412, stale.statusCode(), stale.body());
            assertTrue(pg.psql(database(url), "SELECT definition FROM node").contains("from-a"), "A's edit lost");
            assertEquals("2", pg.psql(database(url), "SELECT version FROM node").strip());
            apiB.await("/api/nodes/node-007", r -> r.headers().firstValue("ETag").orElse("").equals(newTag));

            // Removed on A: gone from B's API and DHCP.
            HttpResponse<String> removed = apiA.send("DELETE", "/api/nodes/node-007", null, newTag);
            assertEquals(204, removed.statusCode(), removed.body());
            assertEquals("0", pg.psql(database(url), "SELECT count(*) FROM node").strip());
            apiB.await("/api/nodes/node-007", r -> r.statusCode() == 404);
            DhcpMessage after = relay.exchange(portB, relay.request(ADDED)
                    .option(OptionKey.REQUESTED_ADDRESS, SharedStoreIT.ip("127.0.0.57")).build(), Duration.ofSeconds(1));
            assertTrue(after == null || after.messageType().orElseThrow() != DhcpMessageType.ACK, "B still acks: " + after);

            // A server started later reads the table: a node added now is there at its start.
            assertEquals(201, apiB.send("POST", "/api/nodes", """
                    {"name":"node-008","mac":"fc:ab:14:e8:66:08","ip":"127.0.0.58","image":"compute"}""", null).statusCode());
            try (BootServer c = server("c", SharedStoreIT.ip("127.0.0.4"), SharedStoreIT.freePort(), url)) {
                assertTrue(c.inventory().config().nodes().containsKey("node-008"), c.inventory().config().nodes().keySet().toString());
            }
        }
    }

    @Test
    void aChangeThatBreaksTheRulesIsRefusedWith400AndNothingIsWritten() throws Exception {
        String url = pg.createDatabase("rules" + DATABASES.incrementAndGet());
        try (BootServer a = server("a", SERVER_A, SharedStoreIT.freePort(), url);
                BootServer b = server("b", SERVER_B, SharedStoreIT.freePort(), url)) {
            Api apiA = new Api(a);
            Api apiB = new Api(b);
            HttpResponse<String> outside = apiA.send("POST", "/api/nodes", """
                    {"name":"node-009","mac":"fc:ab:14:e8:66:09","ip":"10.9.9.9","image":"compute"}""", null);
            assertEquals(400, outside.statusCode(), outside.body());
            assertTrue(outside.body().contains("\"ip\"") && outside.body().contains("node-009"), outside.body());
            assertEquals("0", pg.psql(database(url), "SELECT count(*) FROM node").strip());

            // B checks against the table as it is, not against what it last reloaded: A's node
            // holds the address even before B's poll has seen it.
            assertEquals(201, apiA.send("POST", "/api/nodes", """
                    {"name":"node-010","mac":"fc:ab:14:e8:66:10","ip":"127.0.0.60","image":"compute"}""", null).statusCode());
            HttpResponse<String> taken = apiB.send("POST", "/api/nodes", """
                    {"name":"node-011","mac":"fc:ab:14:e8:66:11","ip":"127.0.0.60","image":"compute"}""", null);
            assertEquals(400, taken.statusCode(), taken.body());
            assertTrue(taken.body().contains("127.0.0.60"), taken.body());
            assertEquals("node-010", pg.psql(database(url), "SELECT string_agg(name, ',') FROM node").strip());
        }
    }

    @Test
    void aChangeJudgedOnNodesAnotherServerChangedSinceIsStaleAndWritesNothing() throws Exception {
        String url = pg.createDatabase("stale" + DATABASES.incrementAndGet());
        Path main;
        try (BootServer a = server("a", SERVER_A, SharedStoreIT.freePort(), url)) {
            main = a.inventory().config().source().orElseThrow();
        }
        Path pass = dir.resolve("a/pg.pass");
        StoreSection.Postgres section = new StoreSection.Postgres(url, Postgres.USER, pass);
        try (SharedNodes one = SharedNodes.open(section, new ServerSection(SERVER_A, "lo", dir));
                SharedNodes two = SharedNodes.open(section, new ServerSection(SERVER_B, "lo", dir))) {
            NodeStore.StoredNode node = new NodeStore.StoredNode("node-007",
                    Map.of("mac", ADDED.toString(), "ip", "127.0.0.57", "image", "compute"));
            one.read(main, null); // what one judges its change on (If-Match, names)...
            two.read(main, null);
            two.read(main, new NodeStore.Change("node-007", node));
            two.put(node); // ...is changed by two before one checks its change
            NodeStore.StoredNode other = new NodeStore.StoredNode("node-007",
                    Map.of("mac", ADDED.toString(), "ip", "127.0.0.58", "image", "compute"));
            assertThrows(NodeStore.StaleException.class, () -> one.read(main, new NodeStore.Change("node-007", other)));
            assertThrows(NodeStore.StaleException.class, () -> one.remove("node-007"));
            assertEquals(List.of(node), one.loadAll());
        }
    }

    /** The admin API of one server over HTTP. */
    static final class Api {
        final HttpClient client = HttpClient.newHttpClient();
        final String base;

        Api(BootServer server) {
            InetSocketAddress admin = server.adminAddresses().get(0);
            base = "http://" + admin.getAddress().getHostAddress() + ":" + admin.getPort();
        }

        HttpResponse<String> send(String method, String path, String body, String ifMatch) throws IOException, InterruptedException {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                r.header("Content-Type", "application/json");
            }
            if (ifMatch != null) {
                r.header("If-Match", ifMatch);
            }
            return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
        }

        /** GETs {@code path} until the answer is as wanted, within {@link #SEEN_WITHIN}. */
        HttpResponse<String> await(String path, Predicate<HttpResponse<String>> wanted) throws Exception {
            long end = System.nanoTime() + SEEN_WITHIN.toNanos();
            HttpResponse<String> last = null;
            while (System.nanoTime() < end) {
                last = send("GET", path, null, null);
                if (wanted.test(last)) {
                    return last;
                }
                // Each round trip paces the loop; /metrics is a cheap one.
                send("GET", "/metrics", null, null);
            }
            assertNotNull(last);
            throw new AssertionError(path + " not as wanted within " + SEEN_WITHIN + ": " + last.statusCode() + " " + last.body());
        }
    }
}
