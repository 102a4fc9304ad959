package org.bootnode.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.bootnode.dhcp.DhcpOptions;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.BootServer;
import org.bootnode.server.TestAddresses;
import org.bootnode.server.config.AdminSection;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.GroupSpec;
import org.bootnode.server.config.ImageSpec;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.config.ServerSection;
import org.bootnode.server.inventory.BootStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands on the admin API against a real server (an in-process BootServer whose admin
 * listener takes tokens): tables and --json, filters, the exit codes (0 done, 1 refused or
 * unreachable with the API's reason on stderr, 2 usage), and status --watch printing a boot step
 * as it happens.
 */
class ApiCommandsTest {
    static final MacAddress MAC = MacAddress.parse("fc:ab:14:e8:66:01");
    static final String RW = "cli-test-read-write-0123456789";
    static final String RO = "cli-test-read-only-0123456789";

    @TempDir Path dir;
    BootServer server;
    String url;
    Path rw;
    Path ro;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(dir.resolve("vmlinuz"), "kernel");
        Files.writeString(dir.resolve("initrd"), "initrd");
        Path tokens = Files.writeString(dir.resolve("tokens.yaml"),
                "ops: { access: read-write, token: " + RW + " }\nro: { access: read, token: " + RO + " }\n");
        Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-------"));
        rw = Files.writeString(dir.resolve("rw.token"), RW + "\n");
        ro = Files.writeString(dir.resolve("ro.token"), RO + "\n");
        GroupSpec compute = new GroupSpec("compute", "compute", "", DhcpOptions.empty(), Map.of());
        BootConfig config = BootConfig.builder()
                .server(new ServerSection(TestAddresses.ip("127.0.0.1"), null, dir.resolve("data")))
                .image(new ImageSpec("compute", dir.resolve("vmlinuz"), dir.resolve("initrd"), "console=ttyS0"))
                .group(compute)
                .node(new NodeSpec("node-000", MAC, TestAddresses.ip("127.0.0.10"), "compute", compute, "quiet", DhcpOptions.empty(), Map.of()))
                .node(new NodeSpec("node-001", MacAddress.parse("fc:ab:14:e8:66:02"), TestAddresses.ip("127.0.0.11"), "compute"))
                .admin(new AdminSection(List.of(new InetSocketAddress("127.0.0.1", 0)), null, tokens))
                .build();
        server = BootServer.builder().config(config).start();
        url = "http://127.0.0.1:" + server.adminAddresses().get(0).getPort();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    record Run(int exit, String out, String err) {}

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = BootnodeCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void nodeListIsATableFilteredByGroupOrJson() {
        Run all = run("node", "list", "--url", url, "--token-file", ro.toString());
        assertEquals(0, all.exit(), all::err);
        List<String> lines = all.out().lines().toList();
        assertEquals(3, lines.size(), all::out);
        assertTrue(lines.get(0).matches("NAME +GROUP +IP +MAC +IMAGE +STATE +LAST-BOOT"), lines.get(0));
        assertTrue(lines.get(1).matches("node-000 +compute +127\\.0\\.0\\.10 +fc:ab:14:e8:66:01 +compute +unseen +-"), lines.get(1));
        assertTrue(lines.get(2).matches("node-001 +- +127\\.0\\.0\\.11 +fc:ab:14:e8:66:02 +compute +unseen +-"), lines.get(2));

        Run group = run("node", "list", "--url", url, "--token-file", ro.toString(), "--group", "compute");
        assertEquals(2, group.out().lines().count(), group::out);

        Run json = run("node", "list", "--url", url, "--token-file", ro.toString(), "--json");
        assertEquals(0, json.exit());
        assertTrue(json.out().startsWith("{\"nodes\":[{\"name\":\"node-000\""), json::out);
    }

    @Test
    void nodeShowPrintsItsOwnAndInheritedSettings() {
        Run show = run("node", "show", "node-000", "--url", url, "--token-file", ro.toString());
        assertEquals(0, show.exit(), show::err);
        assertTrue(show.out().contains("name       node-000"), show::out);
        assertTrue(show.out().lines().anyMatch(l -> l.matches("cmdline +quiet +node")), show::out);
        assertTrue(show.out().lines().anyMatch(l -> l.matches("cmdline +console=ttyS0 +image compute")), show::out);

        Run missing = run("node", "show", "node-999", "--url", url, "--token-file", ro.toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().startsWith("bootnode: GET /api/nodes/node-999: 404"), missing::err);
    }

    @Test
    void statusPrintsTheTimelineTable() {
        server.timeline().record(MAC, BootStage.SCRIPT, 300, "image compute");
        Run status = run("status", "--url", url, "--token-file", ro.toString());
        assertEquals(0, status.exit(), status::err);
        assertTrue(status.out().contains("node-000  fc:ab:14:e8:66:01  127.0.0.10  compute  script"), status::out);
    }

    @Test
    void refusalsAndFailuresExitOneWithTheReasonAndUsageMistakesTwo() {
        Run noToken = run("node", "list", "--url", url);
        assertEquals(1, noToken.exit());
        assertEquals("bootnode: GET /api/nodes: 401 token required (Authorization: Bearer ...)", noToken.err().strip());

        Run readOnly = run("lease", "release", "127.0.0.10", "--url", url, "--token-file", ro.toString());
        assertEquals(1, readOnly.exit());
        assertEquals("bootnode: DELETE /api/leases/127.0.0.10: 403 read-only token ro may not DELETE", readOnly.err().strip());
        assertFalse(readOnly.err().contains(RO));

        Run closed = run("node", "list", "--url", "http://127.0.0.1:1", "--token-file", ro.toString());
        assertEquals(1, closed.exit());
        assertTrue(closed.err().startsWith("bootnode: cannot reach http://127.0.0.1:1/api/nodes"), closed::err);

        assertEquals(2, run("node", "list", "--url", "ftp://x").exit());
        assertEquals(2, run("node", "list", "--url", url, "--token-file", dir.resolve("none").toString()).exit());
        assertEquals(2, run("node", "show", "--url", url).exit());
        assertEquals(2, run("node", "frobnicate").exit());
        assertEquals(2, run("node", "set", "node-000", "--url", url).exit());
    }

    @Test
    void statusWatchPrintsABootStepAsItHappens() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> watch = CompletableFuture.supplyAsync(() -> BootnodeCommand.run(
                new PrintWriter(out, true), new PrintWriter(err, true), "status", "--watch", "--url", url, "--token-file", ro.toString()));
        await(() -> out.toString().contains("NODE"), "the table");
        // The stream may not be open yet: record until a step shows (bounded), each a new event.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!out.toString().contains("node-000  fc:ab:14:e8:66:01  kernel  6 B  compute vmlinuz")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no live line within 10 s:\n" + out + "\n" + err);
            }
            server.timeline().record(MAC, BootStage.KERNEL, 6, "compute vmlinuz");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        server.close();
        assertEquals(1, (int) watch.get(30, TimeUnit.SECONDS), err::toString);
        assertTrue(err.toString().startsWith("bootnode: cannot reach"), err::toString);
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within 10 s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
