package org.bootnode.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.bootnode.dhcp.DhcpCodec;
import org.bootnode.dhcp.DhcpDecodeException;
import org.bootnode.dhcp.DhcpMessage;
import org.bootnode.dhcp.DhcpMessageType;
import org.bootnode.dhcp.DhcpOp;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.OptionKey;
import org.bootnode.dhcp.SubOptions;
import org.bootnode.server.BootServer;
import org.bootnode.server.config.ConfigReader;
import org.bootnode.testkit.Exec;
import org.bootnode.testkit.Postgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code store: { postgres: ... }}: two BootServers (server addresses 127.0.0.1 and 127.0.0.2,
 * each on a DHCP port of its own on lo) share one PostgreSQL started by the test (testkit's
 * {@link Postgres}: fails, never skips, with CI=true when the package or root is missing). The
 * test is the relay agent at 127.0.0.3 (giaddr, with RFC 8357's source-port sub-option so that
 * replies come back to its socket): a pool client leased by A rebinds with B and keeps its
 * address; a second client never gets it from B; a node's reservation is acked by B while the
 * database is stopped and a pool client is not, until it is back; {@code serve} with a wrong
 * password, an unreachable database or a schema newer than the jar exits 1 with one line.
 */
class SharedStoreIT {
    static final Inet4Address RELAY = ip("127.0.0.3");
    static final Inet4Address SERVER_A = ip("127.0.0.1");
    static final Inet4Address SERVER_B = ip("127.0.0.2");
    static final Inet4Address RESERVED = ip("127.0.0.50");
    static final MacAddress NODE = MacAddress.parse("fc:ab:14:e8:66:01");
    static final MacAddress POOL_1 = MacAddress.parse("02:00:00:00:00:01");
    static final MacAddress POOL_2 = MacAddress.parse("02:00:00:00:00:02");
    static final MacAddress POOL_3 = MacAddress.parse("02:00:00:00:00:03");
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

    static Inet4Address ip(String text) {
        try {
            return (Inet4Address) InetAddress.getByName(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A free UDP port (bootnode-dhcp takes no port 0): free now, and nothing else here binds one. */
    static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A configuration for the server at {@code address}, sharing {@code url}, with one node reserved at 127.0.0.50. */
    Path config(String name, Inet4Address address, int port, String url, String password) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.writeString(folder.resolve("vmlinuz"), "kernel");
        Files.writeString(folder.resolve("initrd.img"), "initrd");
        Path pass = folder.resolve("pg.pass");
        Files.writeString(pass, password + "\n");
        Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-------"));
        Path file = folder.resolve("bootnode.yaml");
        Files.writeString(file, """
                server:
                  address: %s
                  interface: lo
                  data-dir: data
                admin:
                  listen: [%s:0]
                store:
                  postgres: { url: "%s", user: %s, password-file: pg.pass }
                dhcp:
                  port: %d
                  subnet: 127.0.0.0/8
                  pool: 127.0.1.10-127.0.1.20
                  unknown-clients: pool
                http:
                  port: 0
                images:
                  compute: { kernel: vmlinuz, initrd: initrd.img }
                nodes:
                  node-000: { mac: %s, ip: %s, image: compute }
                """.formatted(address.getHostAddress(), address.getHostAddress(), url, Postgres.USER, port, NODE, RESERVED.getHostAddress()));
        return file;
    }

    BootServer server(String name, Inet4Address address, int port, String url) throws Exception {
        return BootServer.builder().config(ConfigReader.read(config(name, address, port, url, Postgres.PASSWORD))).start();
    }

    @Test
    void aPoolClientRebindsWithTheOtherServerAndKeepsItsAddress() throws Exception {
        String url = pg.createDatabase("rebind" + DATABASES.incrementAndGet());
        int portA = freePort();
        int portB = freePort();
        try (BootServer a = server("a", SERVER_A, portA, url);
                BootServer b = server("b", SERVER_B, portB, url);
                Relay relay = new Relay()) {

            Inet4Address first = relay.lease(portA, POOL_1, SERVER_A);

            // INIT-REBOOT with B (RFC 2131 §4.3.2: no server identifier, requested address set). B
            // learns A's lease by NOTIFY; until it has, it stays silent and the client asks again.
            DhcpMessage ack = relay.until(portB, POOL_1, () -> relay.request(POOL_1).option(OptionKey.REQUESTED_ADDRESS, first),
                    DhcpMessageType.ACK, Duration.ofSeconds(15));
            assertEquals(first, ack.yiaddr());
            assertEquals(Optional.of(SERVER_B), ack.option(OptionKey.SERVER_ID));
            assertEquals("127.0.0.2", pg.psql(url.substring(url.lastIndexOf('/') + 1),
                    "SELECT written_by FROM lease WHERE address = '" + first.getHostAddress() + "'").strip(),
                    "B's renewal is written under B's server address");

            // A second client asking B for the first one's address is not acked...
            DhcpMessage taken = relay.exchange(portB,
                    relay.request(POOL_2).option(OptionKey.REQUESTED_ADDRESS, first).build(), Duration.ofSeconds(2));
            assertTrue(taken == null || !taken.messageType().orElseThrow().equals(DhcpMessageType.ACK),
                    "B acked the first client's address to the second: " + taken);
            // ...and a full DORA with B gives it another address.
            Inet4Address second = relay.lease(portB, POOL_2, SERVER_B);
            assertNotEquals(first, second);
            String db = url.substring(url.lastIndexOf('/') + 1);
            assertEquals("2", pg.psql(db, "SELECT count(*) FROM lease WHERE state = 'bound'").strip());
            assertTrue(b.metrics().storeCommitted.get() >= 2, "bootnode_store_committed_total " + b.metrics().storeCommitted.get());
            assertEquals(1, b.metrics().storeAvailable.get());
            assertTrue(b.metrics().prometheusText().contains("bootnode_store_writes_failed_total 0"), b.metrics().prometheusText());
        }
    }

    @Test
    void reservationsAreAckedWhileTheDatabaseIsAwayAndPoolClientsOnlyAfter() throws Exception {
        String url = pg.createDatabase("outage" + DATABASES.incrementAndGet());
        int port = freePort();
        try (BootServer b = server("b", SERVER_B, port, url);
                Relay relay = new Relay()) {
            pg.stop();
            try {
                // The first write after the stop finds the database gone and is not acked; the
                // node's next tries are acked from memory: its address is unique by configuration.
                DhcpMessage ack = relay.until(port, NODE, () -> relay.request(NODE).option(OptionKey.REQUESTED_ADDRESS, RESERVED),
                        DhcpMessageType.ACK, Duration.ofSeconds(20));
                assertEquals(RESERVED, ack.yiaddr());
                assertTrue(b.metrics().storeAcceptedUnavailable.get() >= 1);
                assertEquals(0, b.metrics().storeAvailable.get());
                // A pool client is offered nothing it could keep: its REQUEST is not acked.
                for (int i = 0; i < 3; i++) {
                    DhcpMessage reply = relay.exchange(port, relay.request(POOL_3)
                            .option(OptionKey.REQUESTED_ADDRESS, ip("127.0.1.15")).build(), Duration.ofMillis(700));
                    assertTrue(reply == null || !reply.messageType().orElseThrow().equals(DhcpMessageType.ACK),
                            "a pool address acked while the database was away: " + reply);
                }
                assertTrue(b.metrics().storeFailed.get() >= 1);
                // Nor is it offered one: an offer it could not have acked, of an address the other
                // head node may be giving away meanwhile. Repeated DISCOVERs stay unanswered.
                List<String> offered = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    DhcpMessage reply = relay.exchange(port, relay.discover(POOL_3).build(), Duration.ofMillis(500));
                    if (reply != null) {
                        offered.add(reply.messageType().orElseThrow() + " " + reply.yiaddr().getHostAddress());
                    }
                }
                assertEquals(List.of(), offered, "pool offers while the database was away");
                // The node is still offered its reservation.
                DhcpMessage offer = relay.exchange(port, relay.discover(NODE).build(), Duration.ofSeconds(2));
                assertNotNull(offer, "no offer for the reserved node");
                assertEquals(RESERVED, offer.yiaddr());
            } finally {
                pg.startServer();
            }
            // The store reconnects by itself (backoff up to 5 s); then the pool client is served.
            Inet4Address got = relay.until(port, POOL_3, () -> relay.discoverThenRequest(port, POOL_3, SERVER_B),
                    DhcpMessageType.ACK, Duration.ofSeconds(30)).yiaddr();
            String db = url.substring(url.lastIndexOf('/') + 1);
            assertEquals("1", pg.psql(db, "SELECT count(*) FROM lease WHERE address = '" + got.getHostAddress()
                    + "' AND state = 'bound'").strip(), "the acked pool lease is in the table");
            assertTrue(b.metrics().storeConnectionsLost.get() >= 1);
        }
    }

    @Test
    void eachServersApiNodesShowsTheBootsTheOtherServed() throws Exception {
        String url = pg.createDatabase("timeline" + DATABASES.incrementAndGet());
        int portA = freePort();
        int portB = freePort();
        try (BootServer a = server("a", SERVER_A, portA, url);
                BootServer b = server("b", SERVER_B, portB, url);
                Relay relay = new Relay()) {
            assertEquals(RESERVED, relay.lease(portA, NODE, SERVER_A));
            Inet4Address pool = relay.lease(portB, POOL_1, SERVER_B);

            // A's ACK reaches B's /api/nodes, marked with the server that gave it; B's pool client
            // reaches A's timeline (/api/nodes lists the MACs heard by A itself among the unknown).
            String atB = awaitApi(b, "/api/nodes", s -> s.contains("(server 127.0.0.1)"), Duration.ofSeconds(15));
            assertTrue(atB.contains("\"stage\":\"dhcp-ack\"") && atB.contains(RESERVED.getHostAddress()), atB);
            String atA = awaitApi(a, "/api/timeline", s -> s.contains(POOL_1.toString()) && s.contains("(server 127.0.0.2)"),
                    Duration.ofSeconds(15));
            assertTrue(atA.contains(pool.getHostAddress()), atA);
            assertEquals(2, a.timeline().events(NODE).size(), "A's own offer and ack, not echoed back: " + a.timeline().events(NODE));
            assertTrue(a.metrics().storeEventsWritten.get() >= 2 && b.metrics().storeEventsReceived.get() >= 2,
                    a.metrics().prometheusText());
            assertEquals(0, a.metrics().storeEventsDropped.get());
        }
        // A server started later shows the boots stored before it.
        try (BootServer c = server("c", ip("127.0.0.4"), freePort(), url)) {
            String atC = awaitApi(c, "/api/timeline", s -> s.contains("(server 127.0.0.1)") && s.contains("(server 127.0.0.2)"),
                    Duration.ofSeconds(5));
            assertTrue(atC.contains(RESERVED.getHostAddress()), atC);
        }
    }

    /** GET {@code path} on the admin listener until the body satisfies {@code wanted}. */
    static String awaitApi(BootServer server, String path, Predicate<String> wanted, Duration limit) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        InetSocketAddress admin = server.adminAddresses().get(0);
        String base = "http://" + admin.getAddress().getHostAddress() + ":" + admin.getPort();
        URI uri = URI.create(base + path);
        long end = System.nanoTime() + limit.toNanos();
        String body = "";
        while (System.nanoTime() < end) {
            body = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
            if (wanted.test(body)) {
                return body;
            }
            // Polling a server that merges once a second: the request itself paces the loop.
            client.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.discarding());
        }
        throw new AssertionError(path + " not as wanted within " + limit + ": " + body);
    }

    @Test
    void serveWithAWrongPasswordNoDatabaseOrANewerSchemaExitsOneWithOneLine() throws Exception {
        String url = pg.createDatabase("refused" + DATABASES.incrementAndGet());
        Path wrong = config("wrong", SERVER_A, freePort(), url, "not-the-password");
        Exec.Result r = Exec.run(Duration.ofSeconds(60), "java", "-jar", ServeIT.jar().toAbsolutePath().toString(),
                "serve", "--config", wrong.toString());
        assertEquals(1, r.exitCode(), r.describe());
        String line = r.err().lines().filter(l -> l.startsWith("bootnode: store.postgres:")).findFirst().orElse(null);
        assertNotNull(line, r.describe());
        assertTrue(line.contains("password authentication failed") && line.contains(Postgres.USER), line);
        assertTrue(!r.err().contains("not-the-password") && !r.out().contains("not-the-password"), r.describe());
        assertTrue(!r.err().contains("\tat "), "a stack trace instead of one line: " + r.describe());

        Path away = config("away", SERVER_A, freePort(), "jdbc:postgresql://127.0.0.1:1/bootnode", Postgres.PASSWORD);
        Exec.Result r2 = Exec.run(Duration.ofSeconds(60), "java", "-jar", ServeIT.jar().toAbsolutePath().toString(),
                "serve", "--config", away.toString());
        assertEquals(1, r2.exitCode(), r2.describe());
        assertTrue(r2.err().lines().anyMatch(l -> l.startsWith("bootnode: store.postgres:") && l.contains("127.0.0.1:1")),
                r2.describe());

        String newer = pg.createDatabase("newer" + DATABASES.incrementAndGet());
        int port = freePort();
        server("migrated", SERVER_A, port, newer).close();
        pg.psql(newer.substring(newer.lastIndexOf('/') + 1),
                "INSERT INTO schema_version (version, applied_by) VALUES (99, 'the future')");
        Exec.Result r3 = Exec.run(Duration.ofSeconds(60), "java", "-jar", ServeIT.jar().toAbsolutePath().toString(),
                "serve", "--config", config("future", SERVER_A, port, newer, Postgres.PASSWORD).toString());
        assertEquals(1, r3.exitCode(), r3.describe());
        assertTrue(r3.err().lines().anyMatch(l -> l.startsWith("bootnode: store.postgres:")
                && l.contains("schema version 99 is newer than this bootnode knows")), r3.describe());
    }

    /** The relay agent at 127.0.0.3 and the clients behind it. */
    static final class Relay implements AutoCloseable {
        private final DatagramSocket socket;
        private int xid = 0x5eed0000;

        Relay() throws IOException {
            socket = new DatagramSocket(new InetSocketAddress(RELAY, 0));
        }

        /** A relayed REQUEST with no server identifier (INIT-REBOOT when a requested address is added). */
        DhcpMessage.Builder request(MacAddress mac) {
            return relayed(mac, DhcpMessageType.REQUEST);
        }

        private DhcpMessage.Builder relayed(MacAddress mac, DhcpMessageType type) {
            int port = socket.getLocalPort();
            // RFC 8357 §5.1: the relay listens at its source port, so the server answers there.
            SubOptions agent = SubOptions.of(List.of(new SubOptions.Entry(19, new byte[] {(byte) (port >> 8), (byte) port})), false);
            return DhcpMessage.builder().op(DhcpOp.BOOTREQUEST).htype(1).xid(++xid).hops(1).clientMac(mac).giaddr(RELAY)
                    .messageType(type).option(OptionKey.RELAY_AGENT_INFO, agent);
        }

        /** A relayed DISCOVER. */
        DhcpMessage.Builder discover(MacAddress mac) {
            return relayed(mac, DhcpMessageType.DISCOVER);
        }

        /** DISCOVER, then REQUEST of the offer (SELECTING); the ACK's address. */
        Inet4Address lease(int port, MacAddress mac, Inet4Address server) throws IOException {
            DhcpMessage.Builder request = discoverThenRequest(port, mac, server);
            assertNotNull(request, mac + ": no offer from " + server.getHostAddress());
            DhcpMessage ack = exchange(port, request.build(), Duration.ofSeconds(3));
            assertNotNull(ack, mac + ": no answer from " + server.getHostAddress());
            assertEquals(DhcpMessageType.ACK, ack.messageType().orElseThrow(), ack.toString());
            return ack.yiaddr();
        }

        DhcpMessage.Builder discoverThenRequest(int port, MacAddress mac, Inet4Address server) throws IOException {
            DhcpMessage offer = exchange(port, relayed(mac, DhcpMessageType.DISCOVER).build(), Duration.ofSeconds(3));
            if (offer == null || !offer.messageType().orElseThrow().equals(DhcpMessageType.OFFER)) {
                return null;
            }
            assertEquals(Optional.of(server), offer.option(OptionKey.SERVER_ID));
            return request(mac).option(OptionKey.SERVER_ID, server).option(OptionKey.REQUESTED_ADDRESS, offer.yiaddr());
        }

        /** Sends what {@code next} builds until the answer is {@code wanted}, as a client retransmits; fails after {@code limit}. */
        DhcpMessage until(int port, MacAddress mac, Attempt next, DhcpMessageType wanted, Duration limit) throws IOException {
            long end = System.nanoTime() + limit.toNanos();
            DhcpMessage last = null;
            while (System.nanoTime() < end) {
                DhcpMessage.Builder request = next.build();
                if (request != null) {
                    last = exchange(port, request.build(), Duration.ofSeconds(1));
                    if (last != null && last.messageType().orElseThrow().equals(wanted)) {
                        return last;
                    }
                }
            }
            throw new AssertionError(mac + ": no " + wanted + " within " + limit + "; last answer " + last);
        }

        /** Sends one request; the reply with its xid, or null after {@code wait}. */
        DhcpMessage exchange(int port, DhcpMessage request, Duration wait) throws IOException {
            byte[] out = DhcpCodec.encode(request);
            // Both servers listen on 0.0.0.0 bound to lo: their ports tell them apart.
            socket.send(new DatagramPacket(out, out.length, new InetSocketAddress(SERVER_A, port)));
            long end = System.nanoTime() + wait.toNanos();
            byte[] in = new byte[1500];
            while (true) {
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return null;
                }
                socket.setSoTimeout((int) left);
                DatagramPacket p = new DatagramPacket(in, in.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    return null;
                }
                try {
                    DhcpMessage reply = DhcpCodec.decode(in, 0, p.getLength());
                    if (reply.xid() == request.xid()) {
                        return reply;
                    }
                } catch (DhcpDecodeException e) {
                    throw new AssertionError("undecodable reply", e);
                }
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    @FunctionalInterface
    interface Attempt {
        DhcpMessage.Builder build() throws IOException;
    }
}
