package org.bootnode.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.bootnode.dhcp.DhcpCodec;
import org.bootnode.dhcp.DhcpMessage;
import org.bootnode.dhcp.DhcpMessageType;
import org.bootnode.dhcp.DhcpOp;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.BootServer;
import org.bootnode.server.TestAddresses;
import org.bootnode.server.config.ConfigReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write commands against a real server (an in-process BootServer with node-files and DHCP on
 * lo): add, set, rm and adopt change the node files and what the server serves; the API's
 * refusals come back as exit 1 with the field at fault.
 */
class ApiWriteCommandsTest {
    static final String RW = "cli-write-test-token-0123456789";

    @TempDir Path dir;
    BootServer server;
    int dhcpPort;
    String[] api;

    @BeforeEach
    void start() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0)) {
            dhcpPort = s.getLocalPort();
        }
        Files.writeString(dir.resolve("vmlinuz"), "kernel");
        Path tokens = Files.writeString(dir.resolve("tokens.yaml"), "ops: { access: read-write, token: " + RW + " }\n");
        Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-------"));
        Path token = Files.writeString(dir.resolve("ops.token"), RW + "\n");
        Files.createDirectories(dir.resolve("nodes.d"));
        Files.createDirectories(dir.resolve("overlays/debug/etc"));
        Files.writeString(dir.resolve("overlays/debug/etc/debug"), "on\n");
        Path file = dir.resolve("bootnode.yaml");
        Files.writeString(file, """
                server: { address: 127.0.0.1, interface: lo, data-dir: data }
                dhcp:
                  port: %d
                  subnet: 127.0.0.0/8
                  pool: 127.0.1.10-127.0.1.20
                images:
                  compute: { kernel: vmlinuz, initrd: vmlinuz }
                groups:
                  compute: { image: compute, cmdline: nohz_full=2-63 }
                nodes:
                  node-000: { mac: "fc:ab:14:e8:66:01", ip: 127.0.0.10, group: compute }
                node-files: nodes.d
                overlays: { root: overlays }
                admin:
                  listen: [127.0.0.1:0]
                  tokens: tokens.yaml
                """.formatted(dhcpPort));
        server = BootServer.builder().config(ConfigReader.read(file)).start();
        api = new String[] {"--url", "http://127.0.0.1:" + server.adminAddresses().get(0).getPort(), "--token-file", token.toString()};
    }

    @AfterEach
    void stop() {
        server.close();
    }

    record Run(int exit, String out, String err) {}

    Run run(String... args) {
        String[] all = new String[args.length + api.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(api, 0, all, args.length, api.length);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = BootnodeCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void addSetAndRemoveANodeInItsFile() throws Exception {
        Run add = run("node", "add", "node-002", "--mac", "fc:ab:14:e8:66:03", "--ip", "127.0.0.12", "--group", "compute");
        assertEquals(0, add.exit(), add::err);
        assertEquals("added node-002: mac fc:ab:14:e8:66:03, ip 127.0.0.12, group compute, image compute", add.out().strip());
        assertTrue(Files.readString(dir.resolve("nodes.d/node-002.yaml")).contains("127.0.0.12"));
        assertTrue(server.inventory().config().nodes().containsKey("node-002"));

        Run set = run("node", "set", "node-002", "--ip", "127.0.0.13", "--cmdline", "quiet");
        assertEquals(0, set.exit(), set::err);
        assertEquals("updated node-002: mac fc:ab:14:e8:66:03, ip 127.0.0.13, group compute, image compute", set.out().strip());
        Run show = run("node", "show", "node-002");
        assertTrue(show.out().lines().anyMatch(l -> l.matches("cmdline +quiet +node")), show::out);
        assertTrue(show.out().lines().anyMatch(l -> l.matches("cmdline +nohz_full=2-63 +group compute")), show::out);
        // set keeps what it was not told to change: the cmdline stays when only the address moves.
        assertEquals(0, run("node", "set", "node-002", "--ip", "127.0.0.14").exit());
        assertTrue(Files.readString(dir.resolve("nodes.d/node-002.yaml")).contains("quiet"));

        // An edit in the node file not yet reloaded: set's If-Match is stale, nothing is written over it.
        Path own = dir.resolve("nodes.d/node-002.yaml");
        String edited = Files.readString(own).replace("quiet", "quiet loglevel=7");
        Files.writeString(own, edited);
        Run stale = run("node", "set", "node-002", "--ip", "127.0.0.15");
        assertEquals(1, stale.exit(), stale::out);
        assertTrue(stale.err().startsWith("bootnode: PUT /api/nodes/node-002: 412")
                && stale.err().contains("node-002 was changed meanwhile: nothing written, run set again"), stale::err);
        assertEquals(edited, Files.readString(own));
        ServeCommand.reload(server, dir.resolve("bootnode.yaml"));
        assertEquals(0, run("node", "set", "node-002", "--ip", "127.0.0.15").exit());
        assertTrue(Files.readString(own).contains("loglevel=7") && Files.readString(own).contains("127.0.0.15"));

        Run outside = run("node", "set", "node-002", "--ip", "10.9.9.9");
        assertEquals(1, outside.exit());
        assertTrue(outside.err().startsWith("bootnode: PUT /api/nodes/node-002: 400 ") && outside.err().contains("(field: ip)"),
                outside::err);
        Run twice = run("node", "add", "node-003", "--mac", "fc:ab:14:e8:66:03", "--group", "compute");
        assertEquals(1, twice.exit());
        assertTrue(twice.err().contains("(field: mac)"), twice::err);

        Run mainFile = run("node", "rm", "node-000");
        assertEquals(1, mainFile.exit());
        assertTrue(mainFile.err().startsWith("bootnode: DELETE /api/nodes/node-000: 409"), mainFile::err);
        Run rm = run("node", "rm", "node-002");
        assertEquals(0, rm.exit(), rm::err);
        assertEquals("removed node-002", rm.out().strip());
        assertFalse(Files.exists(dir.resolve("nodes.d/node-002.yaml")));
        assertEquals(1, run("node", "show", "node-002").exit());
    }

    @Test
    void adoptAMacHeardOnTheNetworkAndListLeases() throws Exception {
        MacAddress mac = MacAddress.parse("fc:ab:14:e8:66:09");
        // A relayed DISCOVER from 127.0.0.3: no node has the MAC, so the server only notes it.
        try (DatagramSocket relay = new DatagramSocket(new InetSocketAddress("127.0.0.3", 0))) {
            byte[] discover = DhcpCodec.encode(DhcpMessage.builder().op(DhcpOp.BOOTREQUEST).htype(1).xid(7).hops(1)
                    .clientMac(mac).giaddr(TestAddresses.ip("127.0.0.3")).messageType(DhcpMessageType.DISCOVER).build());
            relay.send(new DatagramPacket(discover, discover.length, new InetSocketAddress("127.0.0.1", dhcpPort)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!run("node", "list", "--unknown").out().contains(mac.toString())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the MAC was not heard within 10 s: " + run("node", "list", "--unknown", "--json").out());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        Run adopt = run("node", "adopt", mac.toString(), "--name", "node-009", "--group", "compute");
        assertEquals(0, adopt.exit(), adopt::err);
        assertTrue(adopt.out().startsWith("adopted node-009: mac " + mac + ", ip 127.0.0."), adopt::out);
        assertTrue(server.inventory().node(mac).isPresent());

        Run leases = run("lease", "list");
        assertEquals(0, leases.exit(), leases::err);
        assertTrue(leases.out().startsWith("IP"), leases::out);
        Run release = run("lease", "release", "127.0.1.15");
        assertEquals(1, release.exit());
        assertTrue(release.err().startsWith("bootnode: DELETE /api/leases/127.0.1.15: 404"), release::err);
    }

    @Test
    void setKeepsANodesOwnOptionsOverlaysAndVariables() throws Exception {
        Path own = dir.resolve("nodes.d/node-004.yaml");
        Files.writeString(own, """
                nodes:
                  node-004:
                    mac: "fc:ab:14:e8:66:04"
                    ip: 127.0.0.16
                    group: compute
                    options:
                      mtu: 9000
                      ntp-servers: [127.0.0.1, 127.0.0.2]
                      252: { type: string, value: "http://127.0.0.1/wpad.dat" }
                    overlays: [debug]
                    vars: { rack: r1 }
                """);
        ServeCommand.reload(server, dir.resolve("bootnode.yaml"));
        Run show = run("node", "show", "node-004", "--json");
        assertTrue(show.out().contains("\"input\":{\"name\":\"node-004\""), show::out);

        // Before: set refused a node with options or overlays of its own (they came back only as text).
        Run set = run("node", "set", "node-004", "--ip", "127.0.0.17");
        assertEquals(0, set.exit(), set::err);
        var config = server.inventory().config();
        var node = config.nodes().get("node-004");
        assertEquals("127.0.0.17", node.ip().getHostAddress());
        assertEquals(ConfigReader.read(dir.resolve("bootnode.yaml")).nodes().get("node-004").options(), node.options());
        assertEquals(3, node.options().size(), node.options()::toString);
        var overlays = config.overlays().orElseThrow().nodes().get("node-004");
        assertEquals(List.of("debug"), overlays.overlays());
        assertEquals(Map.of("rack", "r1"), overlays.vars());
        String written = Files.readString(own);
        assertTrue(written.contains("wpad.dat") && written.contains("127.0.0.2") && written.contains("9000"), written);

        // The ETag covers the node's own variables: a hand edit of only those makes an older If-Match stale.
        String etag = etag();
        Files.writeString(own, written.replace("r1", "r2"));
        ServeCommand.reload(server, dir.resolve("bootnode.yaml"));
        assertNotEquals(etag, etag());
        HttpResponse<String> stale = http(HttpRequest.newBuilder(uri("/api/nodes/node-004"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"mac\":\"fc:ab:14:e8:66:04\",\"ip\":\"127.0.0.18\"}"))
                .header("If-Match", etag));
        assertEquals(412, stale.statusCode(), stale::body);
        assertTrue(Files.readString(own).contains("r2"));
    }

    private URI uri(String path) {
        return URI.create(api[1] + path);
    }

    private HttpResponse<String> http(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.header("Authorization", "Bearer " + RW).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String etag() throws Exception {
        return http(HttpRequest.newBuilder(uri("/api/nodes/node-004"))).headers().firstValue("ETag").orElseThrow();
    }
}
