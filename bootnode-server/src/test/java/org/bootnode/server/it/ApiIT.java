package org.bootnode.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.bootnode.server.api.Json;
import org.bootnode.testkit.BackgroundProcess;
import org.bootnode.testkit.Exec;
import org.bootnode.testkit.Netns;
import org.bootnode.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API end to end, with the jar in a network namespace and a node in another: a node
 * added through the API boots (udhcpc with its MAC, curl from its address for the script and
 * {@code booted}), and is seen in {@code /api/timeline} and on the event stream; {@code serve}
 * restarted still has it; a node added by hand in a node file plus SIGHUP and a change of
 * another node through the API do not lose each other.
 */
class ApiIT {
    static final String SERVER = "10.87.0.1";
    static final String MAIN_MAC = "fc:ab:14:e8:77:01";
    static final String API_MAC = "fc:ab:14:e8:77:02";
    static final String HAND_MAC = "fc:ab:14:e8:77:03";
    static final String ADMIN = "http://127.0.0.1:9080";
    static final String BOOT = "http://" + SERVER + ":8080";

    @TempDir Path dir;

    @BeforeAll
    static void tools() {
        Tools.requireRootAnd("ip", "busybox", "curl", "kill");
    }

    @Test
    void aNodeAddedThroughTheApiBootsIsWatchedAndOutlivesARestart() throws Exception {
        Files.createDirectories(dir.resolve("images"));
        Files.createDirectories(dir.resolve("tftp"));
        Files.write(dir.resolve("images/vmlinuz"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("images/compute.img"), new byte[] {4, 5, 6});
        Path config = dir.resolve("bootnode.yaml");
        Files.writeString(config, """
                server: {address: %s, data-dir: data}
                dhcp: {subnet: 10.87.0.0/24, router: %s, lease-time: 1h, pool: 10.87.0.100-10.87.0.199}
                tftp: {root: tftp}
                http: {port: 8080}
                images:
                  compute: {kernel: images/vmlinuz, initrd: images/compute.img, cmdline: "console=ttyS0"}
                nodes:
                  node-000: {mac: "%s", ip: 10.87.0.10, image: compute}
                node-files: nodes.d
                """.formatted(SERVER, SERVER, MAIN_MAC));
        Path script = dir.resolve("udhcpc.sh");
        Files.writeString(script, ServeIT.UDHCPC_SCRIPT);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

        try (Netns head = Netns.create("srv"); Netns node = Netns.create("node")) {
            Netns.Link link = node.vethFrom(head, SERVER + "/24", null);
            node.ip("link", "set", link.inside(), "down");
            node.ip("link", "set", link.inside(), "address", API_MAC);
            node.ip("link", "set", link.inside(), "up");
            List<String> serve = head.command("java", "-jar", ServeIT.jar().toAbsolutePath().toString(), "serve", "--config",
                    config.toString());
            Process watcher = null;
            try (BackgroundProcess server = BackgroundProcess.start(dir.resolve("serve.log"), serve)) {
                server.awaitOutput(Duration.ofSeconds(30), log -> log.contains("bootnode: ready"), "serve ready");
                // A watcher of the event stream, from before the node exists.
                Path events = dir.resolve("events.txt");
                watcher = new ProcessBuilder(head.command("curl", "-sS", "-N", "--max-time", "120", ADMIN + "/api/events"))
                        .redirectOutput(events.toFile()).redirectError(dir.resolve("events.err").toFile()).start();
                awaitFile(events, text -> text.startsWith("retry:"), "the event stream's first line");

                Answer added = api(head, "POST", "/api/nodes",
                        "{\"name\":\"node-001\",\"mac\":\"" + API_MAC + "\",\"ip\":\"10.87.0.11\",\"image\":\"compute\"}");
                assertEquals(201, added.status(), added.body());
                assertTrue(Files.isRegularFile(dir.resolve("nodes.d/node-001.yaml")));
                assertEquals(0, Exec.run(Duration.ofSeconds(60), "java", "-jar", ServeIT.jar().toAbsolutePath().toString(),
                        "config", "check", "--config", config.toString()).exitCode(), "config check reads the node files");

                // The node boots: iPXE's DHCP (user class iPXE) gets its reservation and script URL...
                Exec.Result dhcp = node.run(Duration.ofSeconds(30), "busybox", "udhcpc", "-f", "-q", "-n", "-t", "5", "-T", "1",
                        "-i", link.inside(), "-s", script.toString(), "-x", "0x4d:69505845", "-O", "bootfile");
                assertTrue(dhcp.out().contains("BOUND ip=10.87.0.11 siaddr=" + SERVER + " boot_file=" + BOOT + "/nodes/" + API_MAC
                        + "/boot.ipxe"), dhcp::describe);
                // ... fetches it from its address, and its init reports from there.
                String ipxe = node.run(Duration.ofSeconds(30), "curl", "-sS", "-f", BOOT + "/nodes/" + API_MAC + "/boot.ipxe").ok().out();
                assertTrue(ipxe.contains(BOOT + "/nodes/" + API_MAC + "/kernel"), ipxe);
                node.run(Duration.ofSeconds(30), "curl", "-sS", "-f", "-X", "POST", BOOT + "/nodes/" + API_MAC + "/booted").ok();

                Map<?, ?> timeline = (Map<?, ?>) Json.parse(api(head, "GET", "/api/timeline?node=node-001", null).body());
                List<String> stages = ((List<?>) timeline.get("events")).stream().map(e -> (String) ((Map<?, ?>) e).get("stage")).toList();
                assertEquals(List.of("dhcp-offer", "dhcp-ack", "script", "booted"), stages);
                String stream = awaitFile(events, text -> text.contains("\"stage\":\"booted\""), "the booted event on the stream");
                assertTrue(stream.contains("event: node\ndata: {\"action\":\"added\",\"node\":{\"name\":\"node-001\""), stream);
                assertTrue(stream.contains("event: boot\ndata: {\"id\":") && stream.contains("\"node\":\"node-001\",\"mac\":\""
                        + API_MAC + "\",\"stage\":\"script\""), stream);

                // A restart: the node is still there, from its file.
                Exec.ok(Duration.ofSeconds(5), "kill", "-TERM", Long.toString(server.process().pid()));
                assertEquals(0, server.awaitExit(Duration.ofSeconds(30)), server::output);
            } finally {
                if (watcher != null) {
                    watcher.destroyForcibly();
                    watcher.waitFor(10, TimeUnit.SECONDS);
                }
            }
            try (BackgroundProcess server = BackgroundProcess.start(dir.resolve("serve2.log"), serve)) {
                server.awaitOutput(Duration.ofSeconds(30), log -> log.contains("bootnode: ready"), "serve ready again");
                Answer kept = api(head, "GET", "/api/nodes/node-001", null);
                assertEquals(200, kept.status(), kept.body());
                String tag = header(head, "/api/nodes/node-001", "etag");

                // An admin adds a node by hand; before the SIGHUP, the API changes node-001.
                Files.writeString(dir.resolve("nodes.d/rack.yaml"), "nodes:\n  node-002: {mac: \"" + HAND_MAC
                        + "\", ip: 10.87.0.12, image: compute}\n");
                Answer changed = api(head, "PUT", "/api/nodes/node-001", "{\"mac\":\"" + API_MAC
                        + "\",\"ip\":\"10.87.0.11\",\"image\":\"compute\",\"cmdline\":\"quiet\"}", "If-Match: " + tag);
                assertEquals(200, changed.status(), changed.body());
                Exec.ok(Duration.ofSeconds(5), "kill", "-HUP", Long.toString(server.process().pid()));
                server.awaitOutput(Duration.ofSeconds(20), log -> log.contains("reload: 3 nodes"), "the SIGHUP reload");
                assertEquals(200, api(head, "GET", "/api/nodes/node-002", null).status(), "the hand edit is served");
                Map<?, ?> one = (Map<?, ?>) Json.parse(api(head, "GET", "/api/nodes/node-001", null).body());
                assertTrue(((List<?>) one.get("settings")).contains(Map.of("key", "cmdline", "value", "quiet", "from", "node")),
                        one.toString());
                // The stale tag is refused, and DHCP serves the hand-added node's reservation.
                assertEquals(412, api(head, "PUT", "/api/nodes/node-001", "{\"mac\":\"" + API_MAC + "\",\"image\":\"compute\"}",
                        "If-Match: " + tag).status());
                node.ip("link", "set", link.inside(), "down");
                node.ip("link", "set", link.inside(), "address", HAND_MAC);
                node.ip("link", "set", link.inside(), "up");
                Exec.Result dhcp = node.run(Duration.ofSeconds(30), "busybox", "udhcpc", "-f", "-q", "-n", "-t", "5", "-T", "1",
                        "-i", link.inside(), "-s", script.toString());
                assertTrue(dhcp.out().contains("BOUND ip=10.87.0.12"), dhcp::describe);
                Exec.ok(Duration.ofSeconds(5), "kill", "-TERM", Long.toString(server.process().pid()));
                assertEquals(0, server.awaitExit(Duration.ofSeconds(30)), server::output);
            }
        }
    }

    private record Answer(int status, String body) {}

    /** A request to the admin listener, from the server's namespace (it listens on loopback there). */
    private static Answer api(Netns head, String method, String path, String body, String... headers) {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "-X", method,
                "-w", "\n%{http_code}", "-H", "Content-Type: application/json"));
        for (String h : headers) {
            cmd.add("-H");
            cmd.add(h);
        }
        if (body != null) {
            cmd.add("--data-binary");
            cmd.add(body);
        }
        cmd.add(ADMIN + path);
        String out = head.run(Duration.ofSeconds(30), cmd.toArray(String[]::new)).ok().out();
        int nl = out.lastIndexOf('\n');
        return new Answer(Integer.parseInt(out.substring(nl + 1).strip()), out.substring(0, nl));
    }

    private static String header(Netns head, String path, String name) {
        String out = head.run(Duration.ofSeconds(30), "curl", "-sS", "--max-time", "20", "-D", "-", "-o", "/dev/null",
                ADMIN + path).ok().out();
        return out.lines().filter(l -> l.toLowerCase().startsWith(name + ":")).map(l -> l.substring(name.length() + 1).strip())
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in " + out));
    }

    /** The file's text once {@code condition} holds, within 30 s (polled: the stream's writer is another process). */
    private static String awaitFile(Path file, Predicate<String> condition, String what) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        String text = "";
        while (Instant.now().isBefore(deadline)) {
            text = Files.exists(file) ? Files.readString(file) : "";
            if (condition.test(text)) {
                return text;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError(what + " not seen within 30 s: " + text);
    }
}
