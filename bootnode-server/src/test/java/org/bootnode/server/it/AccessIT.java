package org.bootnode.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bootnode.testkit.BackgroundProcess;
import org.bootnode.testkit.Exec;
import org.bootnode.testkit.Netns;
import org.bootnode.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two listeners and the admin listener's access control, with {@code java -jar bootnode.jar
 * serve} in a namespace of its own and curl in a node's namespace at the node's reserved address
 * 10.89.0.10 and at a second address 10.89.0.20 on the same link.
 *
 * <ul>
 * <li>By default the admin listener is on loopback only: nothing answers on the cluster address's
 *     port 9080, the boot listener has no {@code /api/...} and no {@code /metrics} (404), and
 *     {@code booted} is refused from any address but the node's own (403, not on the timeline).
 * <li>With {@code tls} and {@code tokens} on the cluster address: no token and a wrong token 401,
 *     a read-only token on a write 403, plain HTTP on the TLS port 400, curl with
 *     {@code --cacert} 200; SIGHUP swaps the certificate (openssl s_client sees the new one),
 *     a bad certificate file at a reload keeps the old one, and no token reaches the log; the
 *     CLI ({@code node list}, {@code node rm}) with {@code --cacert} and {@code --token-file}.
 * </ul>
 */
class AccessIT {
    static final String SERVER = "10.89.0.1";
    static final String NODE_IP = "10.89.0.10";
    static final String OTHER_IP = "10.89.0.20";
    static final String MAC = "fc:ab:14:e8:66:01";
    static final String RW = "ops-0f3b9c2d7e4a5b6c8d9e0f1a2b3c4d5e";
    static final String RO = "grafana-5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b";

    @TempDir Path dir;

    @BeforeAll
    static void tools() {
        Tools.requireRootAnd("ip", "curl", "openssl", "kill");
    }

    String config(String admin) {
        return """
                server: { address: %s, data-dir: data }
                http: { port: 8080 }
                images:
                  compute: { kernel: vmlinuz, initrd: initrd.img }
                nodes:
                  node-000: { mac: "%s", ip: %s, image: compute }
                """.formatted(SERVER, MAC, NODE_IP) + admin;
    }

    void images() throws IOException {
        Files.write(dir.resolve("vmlinuz"), new byte[] {1});
        Files.write(dir.resolve("initrd.img"), new byte[] {2});
    }

    /** What curl saw: its exit code, the status (0 when none), the headers and the body. */
    record Answer(int exit, int status, String headers, String body, String describe) {}

    static Answer curl(Netns ns, String... args) {
        List<String> c = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10", "-D", "/dev/stderr", "-w", "\n%{http_code}"));
        c.addAll(List.of(args));
        Exec.Result r = ns.run(Duration.ofSeconds(20), c.toArray(String[]::new));
        String out = r.out();
        int nl = out.lastIndexOf('\n');
        String code = out.substring(nl + 1).strip();
        return new Answer(r.exitCode(), code.matches("[0-9]{3}") ? Integer.parseInt(code) : 0, r.err(),
                nl < 0 ? "" : out.substring(0, nl), r.describe());
    }

    static String[] concat(String[] head, String... tail) {
        String[] all = new String[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    /** A self-signed P-256 certificate for the server's two addresses; the key in PKCS#8 PEM. */
    void certificate(String name, Path cert, Path key) throws IOException {
        Exec.ok(Duration.ofSeconds(30), "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=" + name,
                "-addext", "subjectAltName=IP:" + SERVER + ",IP:127.0.0.1");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void byDefaultTheAdminListenerIsLoopbackOnlyAndBootedComesOnlyFromTheNode() throws Exception {
        images();
        Path config = dir.resolve("bootnode.yaml");
        Files.writeString(config, config(""));
        try (Netns head = Netns.create("acs"); Netns node = Netns.create("acn")) {
            Netns.Link link = node.vethFrom(head, SERVER + "/24", NODE_IP + "/24");
            node.ip("addr", "add", OTHER_IP + "/24", "dev", link.inside());
            List<String> command = head.command("java", "-jar", ServeIT.jar().toAbsolutePath().toString(), "serve",
                    "--config", config.toString());
            try (BackgroundProcess server = BackgroundProcess.start(dir.resolve("serve.log"), command)) {
                server.awaitOutput(Duration.ofSeconds(30), log -> log.contains("bootnode: ready"), "serve ready");
                String boot = "http://" + SERVER + ":8080";

                // Nothing listens on the cluster address's admin port; the boot listener has no API.
                Answer admin = curl(node, "http://" + SERVER + ":9080/api/nodes");
                assertEquals(7, admin.exit(), admin.describe());
                for (String path : List.of("/api/nodes", "/metrics", "/")) {
                    assertEquals(404, curl(node, boot + path).status(), path);
                }
                // The admin listener answers on loopback in the server's namespace.
                assertEquals(200, curl(head, "http://127.0.0.1:9080/api/nodes").status());

                // booted from the node's second address: refused, counted, logged, not recorded.
                Answer forged = curl(node, "--interface", OTHER_IP, "-X", "POST", boot + "/nodes/" + MAC + "/booted");
                assertEquals(403, forged.status(), forged.describe());
                String log = server.awaitOutput(Duration.ofSeconds(10), t -> t.contains("booted for node-000"), "refusal logged");
                assertTrue(log.contains("http " + OTHER_IP + ": booted for node-000 " + MAC + " refused: not from its address "
                        + NODE_IP), log);
                String doc = curl(head, "http://127.0.0.1:9080/api/nodes").body();
                assertFalse(doc.contains("\"stage\":\"booted\""), doc);
                assertTrue(curl(head, "http://127.0.0.1:9080/metrics").body().contains("bootnode_http_booted_refused_total 1"));
                // ... and from its own address: accepted and on the timeline.
                assertEquals(200, curl(node, "--interface", NODE_IP, "-X", "POST", boot + "/nodes/" + MAC + "/booted").status());
                assertTrue(curl(head, "http://127.0.0.1:9080/api/nodes").body().contains("\"state\":\"booted\""));
            }
        }
    }

    @Test
    void tlsAndTokensGuardTheAdminListenerOffLoopback() throws Exception {
        images();
        Path cert = dir.resolve("admin.pem");
        Path key = dir.resolve("admin.key");
        certificate("bootnode-first", cert, key);
        Path tokens = Files.writeString(dir.resolve("tokens.yaml"),
                "ops: { access: read-write, token: " + RW + " }\ngrafana: { access: read, token: " + RO + " }\n");
        Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-------"));
        Path config = dir.resolve("bootnode.yaml");
        Files.writeString(config, config("""
                admin:
                  listen: [%s:9443]
                  tls: { certificate: admin.pem, key: admin.key }
                  tokens: tokens.yaml
                """.formatted(SERVER)));
        Path ca = dir.resolve("ca-first.pem");
        Files.copy(cert, ca);
        try (Netns head = Netns.create("ats"); Netns node = Netns.create("atn")) {
            node.vethFrom(head, SERVER + "/24", NODE_IP + "/24");
            List<String> command = head.command("java", "-jar", ServeIT.jar().toAbsolutePath().toString(), "serve",
                    "--config", config.toString());
            try (BackgroundProcess server = BackgroundProcess.start(dir.resolve("serve.log"), command)) {
                server.awaitOutput(Duration.ofSeconds(30), log -> log.contains("bootnode: ready"), "serve ready");
                String api = "https://" + SERVER + ":9443/api/nodes";
                String cacert = ca.toString();

                Answer none = curl(node, "--cacert", cacert, api);
                assertEquals(401, none.status(), none.describe());
                assertTrue(none.headers().toLowerCase().contains("www-authenticate: bearer realm=\"bootnode\""), none.describe());
                assertTrue(none.body().startsWith("{\"error\":"), none.describe());
                Answer wrong = curl(node, "--cacert", cacert, "-H", "Authorization: Bearer " + RW + "x", api);
                assertEquals(401, wrong.status(), wrong.describe());
                assertTrue(wrong.headers().contains("error=\"invalid_token\""), wrong.describe());
                Answer read = curl(node, "--cacert", cacert, "-H", "Authorization: Bearer " + RO, api);
                assertEquals(200, read.status(), read.describe());
                assertTrue(read.body().contains("\"node-000\""), read.describe());
                Answer readOnlyWrite = curl(node, "--cacert", cacert, "-H", "Authorization: Bearer " + RO,
                        "-X", "POST", "-H", "Content-Type: application/json", "-d", "{}", api);
                assertEquals(403, readOnlyWrite.status(), readOnlyWrite.describe());
                assertTrue(readOnlyWrite.body().contains("read-only token grafana"), readOnlyWrite.describe());
                Answer write = curl(node, "--cacert", cacert, "-H", "Authorization: Bearer " + RW,
                        "-X", "POST", "-H", "Content-Type: application/json", "-d", "{}", api);
                assertTrue(write.status() != 401 && write.status() != 403 && write.status() != 0, write.describe());
                Answer plain = curl(node, "http://" + SERVER + ":9443/api/nodes");
                assertEquals(400, plain.status(), plain.describe());
                assertTrue(plain.body().contains("plain HTTP on a TLS port"), plain.describe());
                Answer untrusted = curl(node, "https://" + SERVER + ":9443/api/nodes");
                assertEquals(60, untrusted.exit(), untrusted.describe());
                // The CLI over TLS: --cacert trusts the self-signed certificate, --token-file sends the token.
                Path roFile = Files.writeString(dir.resolve("ro.token"), RO + "\n");
                String[] cli = {"java", "-jar", ServeIT.jar().toAbsolutePath().toString()};
                Exec.Result list = node.run(Duration.ofSeconds(60), concat(cli, "node", "list", "--url", "https://" + SERVER + ":9443",
                        "--cacert", cacert, "--token-file", roFile.toString()));
                assertEquals(0, list.exitCode(), list::describe);
                assertTrue(list.out().lines().anyMatch(l -> l.startsWith("node-000 ")), list::describe);
                Exec.Result rm = node.run(Duration.ofSeconds(60), concat(cli, "node", "rm", "node-000", "--url",
                        "https://" + SERVER + ":9443", "--cacert", cacert, "--token-file", roFile.toString()));
                assertEquals(1, rm.exitCode(), rm::describe);
                assertEquals("bootnode: DELETE /api/nodes/node-000: 403 read-only token grafana may not DELETE", rm.err().strip());
                Exec.Result untrustedCli = node.run(Duration.ofSeconds(60), concat(cli, "node", "list", "--url",
                        "https://" + SERVER + ":9443", "--token-file", roFile.toString()));
                assertEquals(1, untrustedCli.exitCode(), untrustedCli::describe);

                // Only the configured address: not loopback, not the boot port.
                assertEquals(7, curl(head, "http://127.0.0.1:9080/api/nodes").exit());
                assertEquals(404, curl(node, "http://" + SERVER + ":8080/api/nodes").status());

                // SIGHUP with a new certificate: new connections get it.
                certificate("bootnode-second", cert, key);
                Path ca2 = dir.resolve("ca-second.pem");
                Files.copy(cert, ca2);
                Exec.ok(Duration.ofSeconds(5), "kill", "-HUP", Long.toString(server.process().pid()));
                server.awaitOutput(Duration.ofSeconds(20), t -> t.contains("admin: TLS certificate reloaded"), "certificate reloaded");
                Exec.Result seen = node.run(Duration.ofSeconds(20), "openssl", "s_client", "-connect", SERVER + ":9443");
                assertTrue(seen.out().contains("CN = bootnode-second") || seen.out().contains("CN=bootnode-second"), seen::describe);
                assertEquals(200, curl(node, "--cacert", ca2.toString(), "-H", "Authorization: Bearer " + RO, api).status());
                assertEquals(60, curl(node, "--cacert", cacert, "-H", "Authorization: Bearer " + RO, api).exit());

                // A bad file at the next reload: logged, and the second certificate stays.
                Files.writeString(cert, "not a certificate\n");
                Exec.ok(Duration.ofSeconds(5), "kill", "-HUP", Long.toString(server.process().pid()));
                server.awaitOutput(Duration.ofSeconds(20), t -> t.contains("admin: TLS reload refused"), "bad certificate refused");
                assertEquals(200, curl(node, "--cacert", ca2.toString(), "-H", "Authorization: Bearer " + RO, api).status());

                String log = server.output();
                assertTrue(log.contains("refused 403: read-only token grafana may not POST"), log);
                assertTrue(log.contains("POST /api/nodes by ops"), log);
                assertFalse(log.contains(RW) || log.contains(RO), "a token in the log:\n" + log);
            }
        }
    }
}
