package org.bootnode.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.bootnode.server.api.Json;
import org.bootnode.testkit.BackgroundProcess;
import org.bootnode.testkit.Exec;
import org.bootnode.testkit.Netns;
import org.bootnode.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar bootnode.jar serve} in a network namespace of its own, a node in a second one
 * joined by a veth pair: udhcpc gets the node's address and boot file, tftp and curl fetch the
 * files and the bytes match, {@code /api/nodes} on the admin listener shows the timeline, SIGHUP adds a node, SIGTERM
 * exits 0.
 */
class ServeIT {
    static final String MAC = "fc:ab:14:e8:66:01";
    static final String MAC2 = "fc:ab:14:e8:66:02";
    static final String SERVER = "10.88.0.1";
    /** The admin listener: loopback in the server's namespace, as by default. */
    static final String ADMIN = "http://127.0.0.1:9080";
    static final String UDHCPC_SCRIPT = """
            #!/bin/sh
            case "$1" in
              bound|renew)
                ip addr flush dev "$interface"
                ip addr add "$ip/$mask" dev "$interface"
                echo "BOUND ip=$ip siaddr=$siaddr boot_file=$boot_file serverid=$serverid"
                ;;
            esac
            exit 0
            """;

    @TempDir Path dir;

    @BeforeAll
    static void tools() {
        Tools.requireRootAnd("ip", "busybox", "curl", "tftp", "kill");
    }

    static Path jar() {
        String project = System.getenv("BOOTNODE_PROJECT_DIR");
        Path jar = project != null ? Path.of(project, "bootnode-server", "target", "bootnode.jar")
                : Path.of("target", "bootnode.jar");
        assertTrue(Files.isRegularFile(jar), "no " + jar + ": failsafe runs after package, so it should exist");
        return jar;
    }

    String config(boolean withSecondNode) {
        return """
                server:
                  address: %s
                  data-dir: data
                dhcp:
                  subnet: 10.88.0.0/24
                  router: %s
                  lease-time: 1h
                tftp:
                  root: tftp
                http:
                  port: 8080
                  idle-timeout: 20s
                images:
                  compute:  { kernel: images/vmlinuz, initrd: images/compute.img,  cmdline: "console=ttyS0" }
                  failsafe: { kernel: images/vmlinuz, initrd: images/failsafe.img, cmdline: "console=ttyS0" }
                nodes:
                  node-000: { mac: "%s", ip: 10.88.0.10, image: compute }
                """.formatted(SERVER, SERVER, MAC)
                + (withSecondNode ? "  node-001: { mac: \"" + MAC2 + "\", ip: 10.88.0.11, image: failsafe }\n" : "");
    }

    @Test
    void servesAWholeBootFromTheJar() throws Exception {
        Random random = new Random(11);
        byte[] kernel = new byte[1_500_000];
        byte[] initrd = new byte[4_000_003];
        byte[] undionly = new byte[70_001];
        random.nextBytes(kernel);
        random.nextBytes(initrd);
        random.nextBytes(undionly);
        Files.createDirectories(dir.resolve("images"));
        Files.createDirectories(dir.resolve("tftp"));
        Files.write(dir.resolve("images/vmlinuz"), kernel);
        Files.write(dir.resolve("images/compute.img"), initrd);
        // Larger than what the socket buffers of both ends hold (about 10 MB here), so that a
        // download held still by its client is still being sent by the server.
        byte[] failsafe = new byte[24 << 20];
        random.nextBytes(failsafe);
        Files.write(dir.resolve("images/failsafe.img"), failsafe);
        Files.write(dir.resolve("tftp/undionly.kpxe"), undionly);
        Path config = dir.resolve("bootnode.yaml");
        Files.writeString(config, config(false));
        Path script = dir.resolve("udhcpc.sh");
        Files.writeString(script, UDHCPC_SCRIPT);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

        try (Netns head = Netns.create("srv"); Netns node = Netns.create("node")) {
            Netns.Link link = node.vethFrom(head, SERVER + "/24", null);
            node.ip("link", "set", link.inside(), "down");
            node.ip("link", "set", link.inside(), "address", MAC);
            node.ip("link", "set", link.inside(), "up");

            List<String> command = head.command("java", "-jar", jar().toAbsolutePath().toString(), "serve", "--config", config.toString());
            try (BackgroundProcess server = BackgroundProcess.start(dir.resolve("serve.log"), command)) {
                server.awaitOutput(Duration.ofSeconds(30), log -> log.contains("bootnode: ready"), "serve ready");

                // Firmware: PXE vendor class, BIOS → address, next server and undionly.kpxe.
                Exec.Result pxe = node.run(Duration.ofSeconds(30), "busybox", "udhcpc", "-f", "-q", "-n", "-t", "5", "-T", "1",
                        "-i", link.inside(), "-s", script.toString(), "-V", "PXEClient:Arch:00000:UNDI:002001", "-O", "bootfile");
                assertTrue(pxe.out().contains("BOUND ip=10.88.0.10 siaddr=" + SERVER + " boot_file=undionly.kpxe"), pxe::describe);

                // iPXE: user class "iPXE" → the script URL.
                Exec.Result ipxe = node.run(Duration.ofSeconds(30), "busybox", "udhcpc", "-f", "-q", "-n", "-t", "5", "-T", "1",
                        "-i", link.inside(), "-s", script.toString(), "-x", "0x4d:69505845", "-O", "bootfile");
                String base = "http://" + SERVER + ":8080";
                assertTrue(ipxe.out().contains("BOUND ip=10.88.0.10 siaddr=" + SERVER + " boot_file=" + base + "/nodes/" + MAC + "/boot.ipxe"),
                        ipxe::describe);

                // TFTP
                Path got = dir.resolve("got.kpxe");
                node.run(Duration.ofSeconds(30), "tftp", "-m", "binary", SERVER, "-c", "get", "undionly.kpxe", got.toString()).ok();
                assertArrayEquals(undionly, Files.readAllBytes(got));

                // HTTP: script, kernel, initrd whole, by range and by HEAD.
                String scriptText = curl(node, base + "/nodes/" + MAC + "/boot.ipxe").out();
                assertTrue(scriptText.contains("kernel --name kernel " + base + "/nodes/" + MAC + "/kernel initrd=initrd.img console=ttyS0"), scriptText);
                assertTrue(scriptText.contains("bootnode.booted=" + base + "/nodes/" + MAC + "/booted"), scriptText);
                assertArrayEquals(kernel, download(node, base + "/nodes/" + MAC + "/kernel"));
                assertArrayEquals(initrd, download(node, base + "/nodes/" + MAC + "/initrd"));
                assertArrayEquals(Arrays.copyOfRange(initrd, 1_000_000, 2_000_000),
                        download(node, base + "/nodes/" + MAC + "/initrd", "-r", "1000000-1999999"));
                String head2 = curl(node, "-I", base + "/nodes/" + MAC + "/initrd").out();
                assertTrue(head2.contains("HTTP/1.1 200") && head2.toLowerCase().contains("content-length: " + initrd.length), head2);
                assertTrue(curl(node, "-o", "/dev/null", "-w", "%{http_code}", "-r", "5000000-", base + "/nodes/" + MAC + "/initrd")
                        .out().equals("416"));

                // The image's init reports success.
                curl(node, "-X", "POST", base + "/nodes/" + MAC + "/booted");

                // Timeline
                Map<?, ?> doc = (Map<?, ?>) Json.parse(curl(head, ADMIN + "/api/nodes").out());
                Map<?, ?> n0 = (Map<?, ?>) ((List<?>) doc.get("nodes")).get(0);
                assertEquals("node-000", n0.get("name"));
                assertEquals("booted", n0.get("state"));
                List<String> stages = ((List<?>) n0.get("events")).stream().map(e -> (String) ((Map<?, ?>) e).get("stage")).toList();
                for (String stage : List.of("dhcp-offer", "dhcp-ack", "tftp-file", "script", "kernel", "initrd", "booted")) {
                    assertTrue(stages.contains(stage), stage + " missing from " + stages);
                }
                String metrics = curl(head, ADMIN + "/metrics").out();
                assertTrue(metrics.contains("bootnode_dhcp_acks_total 2"), metrics);

                // SIGHUP: a second node appears, and a download running across the reload completes.
                assertEquals("404", curl(node, "-o", "/dev/null", "-w", "%{http_code}", base + "/nodes/" + MAC2 + "/boot.ipxe").out());
                // curl writes to a pipe that the test stops reading after the first bytes: curl
                // blocks, the socket buffers fill, and the server is mid-file across the reload.
                // (curl 7.88's --limit-rate does not hold a rate reliably.)
                // (The /images/ alias of earlier versions, still served.)
                Process download = new ProcessBuilder(node.command("curl", "-sS", "-f", "--max-time", "60", base + "/images/failsafe/initrd"))
                        .redirectError(dir.resolve("slow.err").toFile()).start();
                try (InputStream body = download.getInputStream()) {
                    byte[] first = body.readNBytes(65536);
                    assertEquals(65536, first.length, "the download ended early");
                    Files.writeString(config, config(true));
                    Exec.ok(Duration.ofSeconds(5), "kill", "-HUP", Long.toString(server.process().pid()));
                    server.awaitOutput(Duration.ofSeconds(20), log -> log.contains("reload: 2 nodes"), "reload");
                    assertTrue(download.isAlive(), "the download should still be running at the reload");
                    String during = curl(head, ADMIN + "/metrics").out();
                    assertTrue(during.contains("bootnode_http_transfers_in_flight 1"), during);
                    byte[] rest = body.readAllBytes();
                    assertTrue(download.waitFor(30, TimeUnit.SECONDS), "curl did not exit");
                    assertEquals(0, download.exitValue(), () -> readString(dir.resolve("slow.err")));
                    byte[] whole = Arrays.copyOf(first, first.length + rest.length);
                    System.arraycopy(rest, 0, whole, first.length, rest.length);
                    assertArrayEquals(failsafe, whole);
                } finally {
                    download.destroyForcibly();
                }
                String script2 = curl(node, base + "/nodes/" + MAC2 + "/boot.ipxe").out();
                assertTrue(script2.contains(base + "/nodes/" + MAC2 + "/kernel "), script2);
                // ... and DHCP knows its reservation.
                node.ip("link", "set", link.inside(), "down");
                node.ip("link", "set", link.inside(), "address", MAC2);
                node.ip("link", "set", link.inside(), "up");
                Exec.Result second = node.run(Duration.ofSeconds(30), "busybox", "udhcpc", "-f", "-q", "-n", "-t", "5", "-T", "1",
                        "-i", link.inside(), "-s", script.toString(), "-V", "PXEClient:Arch:00007:UNDI:003016", "-O", "bootfile");
                assertTrue(second.out().contains("BOUND ip=10.88.0.11 siaddr=" + SERVER + " boot_file=ipxe.efi"), second::describe);
                long pid = server.process().pid();

                // SIGTERM: clean exit 0, leases on disk.
                Exec.ok(Duration.ofSeconds(5), "kill", "-TERM", Long.toString(pid));
                assertEquals(0, server.awaitExit(Duration.ofSeconds(30)), server::output);
                assertTrue(server.output().contains("bootnode: stopped"), server::output);
                try (var files = Files.list(dir.resolve("data"))) {
                    assertTrue(files.findAny().isPresent(), "no lease journal in data-dir");
                }
            }
        }
    }

    /**
     * Standard error is a pipe that nobody reads after start-up (a stuck journald, a full
     * terminal): logging fills it within a few hundred lines, and the server must still answer,
     * because no event loop waits for standard error.
     */
    @Test
    void keepsAnsweringWhenStandardErrorBlocks() throws Exception {
        Files.createDirectories(dir.resolve("images"));
        Files.createDirectories(dir.resolve("tftp"));
        Files.write(dir.resolve("images/vmlinuz"), new byte[] {1});
        Files.write(dir.resolve("images/compute.img"), new byte[] {2});
        Files.write(dir.resolve("images/failsafe.img"), new byte[] {3});
        Path config = dir.resolve("bootnode.yaml");
        Files.writeString(config, config(false));
        int requests = 3000;
        StringBuilder curlConfig = new StringBuilder();
        for (int i = 0; i < requests; i++) {
            curlConfig.append("url = \"http://").append(SERVER).append(":8080/nodes/").append(MAC).append("/boot.ipxe\"\n")
                    .append("output = \"/dev/null\"\n");
        }
        Path urls = dir.resolve("urls.curl");
        Files.writeString(urls, curlConfig);

        try (Netns head = Netns.create("srv"); Netns node = Netns.create("node")) {
            node.vethFrom(head, SERVER + "/24", "10.88.0.10/24");
            Process server = new ProcessBuilder(head.command("java", "-Dbootnode.log.level=debug", "-jar",
                    jar().toAbsolutePath().toString(), "serve", "--config", config.toString()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                awaitLine(server.getErrorStream(), "bootnode: ready", Duration.ofSeconds(30));
                // From here on nobody reads the server's standard error.
                Exec.Result result = node.run(Duration.ofSeconds(60), "curl", "-sS", "--max-time", "50",
                        "-w", "%{http_code}\n", "-K", urls.toString());
                long ok = result.out().lines().filter("200"::equals).count();
                assertEquals(requests, ok, result::describe);
                String metrics = curl(head, ADMIN + "/metrics").out();
                var answered = Pattern.compile("(?m)^bootnode_http_requests_total (\\d+)$").matcher(metrics);
                assertTrue(answered.find() && Long.parseLong(answered.group(1)) >= requests, metrics);
            } finally {
                server.destroyForcibly();
                server.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads a stream until a line contains {@code text}, bounded by a watchdog that kills nothing but the wait. */
    private static void awaitLine(InputStream stream, String text, Duration limit) throws Exception {
        var reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
        var found = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    if (line.contains(text)) {
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        assertTrue(found.get(limit.toSeconds(), TimeUnit.SECONDS), "the server's output ended before '" + text + "'");
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static Exec.Result curl(Netns node, String... args) {
        String[] full = new String[args.length + 4];
        full[0] = "curl";
        full[1] = "-sS";
        full[2] = "--max-time";
        full[3] = "20";
        System.arraycopy(args, 0, full, 4, args.length);
        return node.run(Duration.ofSeconds(30), full).ok();
    }

    private byte[] download(Netns node, String url, String... extra) throws IOException {
        Path out = Files.createTempFile(dir, "dl", ".bin");
        String[] args = new String[extra.length + 4];
        System.arraycopy(extra, 0, args, 0, extra.length);
        args[extra.length] = "-f";
        args[extra.length + 1] = "-o";
        args[extra.length + 2] = out.toString();
        args[extra.length + 3] = url;
        curl(node, args);
        return Files.readAllBytes(out);
    }
}
