package org.bootnode.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.BootUrls;
import org.bootnode.server.ScriptRenderer;
import org.bootnode.server.metrics.ServerMetrics;
import org.bootnode.server.TestAddresses;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.HttpSection;
import org.bootnode.server.config.ImageSpec;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.config.ServerSection;
import org.bootnode.server.inventory.BootEvent;
import org.bootnode.server.inventory.BootStage;
import org.bootnode.server.inventory.BootTimeline;
import org.bootnode.server.inventory.Inventory;
import org.bootnode.server.scripts.IpxeScriptRenderer;
import org.bootnode.tftp.server.FileSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootHttpServerTest {
    static final MacAddress MAC = MacAddress.parse("fc:ab:14:e8:66:01");

    @TempDir Path dir;
    byte[] kernel;
    byte[] initrd;
    Path tftp;
    BootTimeline timeline;
    ServerMetrics metrics;
    AtomicReference<Inventory> inventory;
    BootHttpServer server;

    @BeforeEach
    void start() throws IOException {
        Random random = new Random(7);
        kernel = new byte[100_000];
        random.nextBytes(kernel);
        initrd = new byte[250_001];
        random.nextBytes(initrd);
        Files.write(dir.resolve("vmlinuz"), kernel);
        Files.write(dir.resolve("initrd.img"), initrd);
        Files.writeString(dir.resolve("secret.txt"), "secret");
        tftp = Files.createDirectory(dir.resolve("tftp"));
        Files.writeString(tftp.resolve("undionly.kpxe"), "undionly");
        Files.createDirectory(tftp.resolve("sub"));
        Files.writeString(tftp.resolve("sub/snponly.efi"), "snp");
        Files.createSymbolicLink(tftp.resolve("link-out"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(tftp.resolve("link-in"), tftp.resolve("undionly.kpxe"));
        BootConfig config = BootConfig.builder()
                .server(new ServerSection(TestAddresses.ip("10.0.0.1"), null, dir))
                .image(new ImageSpec("compute", dir.resolve("vmlinuz"), dir.resolve("initrd.img"), "console=ttyS0 quiet"))
                // The node sits at 127.0.0.1 so that downloads from this test are put on its timeline.
                .node(new NodeSpec("node-000", MAC, TestAddresses.ip("127.0.0.1"), "compute"))
                .build();
        inventory = new AtomicReference<>(new Inventory(config));
        timeline = new BootTimeline(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        metrics = new ServerMetrics();
        server = BootHttpServer.builder()
                .config(new HttpSection(0, 8, Duration.ofSeconds(30)))
                .inventory(inventory::get)
                .timeline(timeline)
                .metrics(metrics)
                .tftpSource(FileSource.directory(tftp))
                .macs(address -> inventory.get().nodeAt(address).map(NodeSpec::mac))
                .urls(port -> BootUrls.of(TestAddresses.ip("10.0.0.1"), port))
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    RawHttp.Response get(String target, String... headers) throws IOException {
        return RawHttp.request(server.port(), "GET", target, headers);
    }

    @Test
    void nodeScriptByColonDashAndUpperCaseMac() throws IOException {
        for (String form : List.of("fc:ab:14:e8:66:01", "fc-ab-14-e8-66-01", "FC:AB:14:E8:66:01", "fc%3Aab%3A14%3Ae8%3A66%3A01")) {
            for (String path : List.of("/nodes/" + form + "/boot.ipxe", "/boot/" + form + ".ipxe")) {
                RawHttp.Response r = get(path);
                assertEquals(200, r.status(), path);
                String script = r.text();
                String node = "http://10.0.0.1:" + server.port() + "/nodes/fc:ab:14:e8:66:01";
                assertTrue(script.startsWith("#!ipxe\n"), script);
                assertTrue(script.contains("kernel --name kernel " + node + "/kernel initrd=initrd.img console=ttyS0 quiet"
                        + " bootnode.booted=" + node + "/booted"), script);
                assertTrue(script.contains("initrd --name initrd.img " + node + "/initrd"), script);
                assertTrue(script.contains(node + "/images/compute/kernel"), script);
            }
        }
        assertEquals(BootStage.SCRIPT, timeline.events(MAC).get(0).stage());
    }

    @Test
    void unknownMacIsNotFound() throws IOException {
        assertEquals(404, get("/nodes/fc:ab:14:e8:66:99/boot.ipxe").status());
        assertEquals(404, get("/nodes/fc:ab:14:e8:66:99/kernel").status());
        assertEquals(404, get("/nodes/fc:ab:14:e8:66:99/images/compute/initrd").status());
        assertEquals(404, get("/boot/fc:ab:14:e8:66:99.ipxe").status());
        assertEquals(404, get("/boot/not-a-mac.ipxe").status());
    }

    @Test
    void aPoolClientsScriptKernelAndInitrdJoinItsTimelineByMac() throws IOException {
        // No reserved address: nothing but the MAC in the URL can name it.
        MacAddress pool = MacAddress.parse("fc:ab:14:e8:66:42");
        inventory.set(new Inventory(inventory.get().config().toBuilder()
                .node(new NodeSpec("node-042", pool, null, "compute")).build()));
        assertEquals(200, get("/nodes/" + pool + "/boot.ipxe").status());
        assertArrayEquals(kernel, get("/nodes/" + pool + "/kernel").body());
        assertArrayEquals(initrd, get("/nodes/fc-ab-14-e8-66-42/initrd").body());
        assertArrayEquals(initrd, get("/nodes/" + pool + "/images/compute/initrd").body());
        List<BootStage> stages = timeline.events(pool).stream().map(BootEvent::stage).toList();
        assertEquals(List.of(BootStage.SCRIPT, BootStage.KERNEL, BootStage.INITRD, BootStage.INITRD), stages);
        assertEquals(initrd.length, timeline.events(pool).get(2).bytes());
        assertTrue(timeline.events(MAC).isEmpty(), "nothing went to the node at 127.0.0.1");
    }

    @Test
    void genericScriptChainsByMac() throws IOException {
        RawHttp.Response r = get("/boot.ipxe");
        assertEquals(200, r.status());
        assertTrue(r.text().contains("chain http://10.0.0.1:" + server.port() + "/nodes/${net0/mac}/boot.ipxe"), r.text());
    }

    @Test
    void wholeKernelWithLengthEtagAndLastModified() throws IOException {
        RawHttp.Response r = get("/nodes/" + MAC + "/kernel");
        assertEquals(200, r.status());
        assertArrayEquals(kernel, r.body());
        assertEquals(Integer.toString(kernel.length), r.header("content-length"));
        assertEquals("bytes", r.header("accept-ranges"));
        assertNotNull(r.header("etag"));
        assertNotNull(r.header("last-modified"));
        List<BootEvent> events = timeline.events(MAC);
        assertEquals(BootStage.KERNEL, events.get(events.size() - 1).stage());
        assertEquals(kernel.length, events.get(events.size() - 1).bytes());
    }

    @Test
    void aKernelReplacedOnDiskIsServedAnewOnceTheOpenFilesAreRechecked() throws IOException {
        assertArrayEquals(kernel, get("/nodes/" + MAC + "/kernel").body());
        assertArrayEquals(kernel, get("/nodes/" + MAC + "/kernel").body(), "from the open file");
        byte[] next = "a new kernel".getBytes(StandardCharsets.US_ASCII);
        Path tmp = dir.resolve("vmlinuz.new");
        Files.write(tmp, next);
        Files.move(tmp, dir.resolve("vmlinuz"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        // Within two recheck periods (2 s) of the replacement.
        HostileClientsTest.await(() -> {
            try {
                RawHttp.Response r = get("/nodes/" + MAC + "/kernel");
                assertEquals(200, r.status());
                assertEquals(Integer.parseInt(r.header("content-length")), r.body().length);
                return Arrays.equals(next, r.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "the new kernel served");
    }

    @Test
    void anOpenFileAnswersHeadRangesAndConditionsAsTheFirstRequestDid() throws IOException {
        RawHttp.Response first = get("/nodes/" + MAC + "/initrd");
        String etag = first.header("etag");
        // The file is open now: these are answered on the event loop.
        RawHttp.Response head = RawHttp.request(server.port(), "HEAD", "/nodes/" + MAC + "/initrd");
        assertEquals(200, head.status());
        assertEquals(Integer.toString(initrd.length), head.header("content-length"));
        assertEquals(etag, head.header("etag"));
        assertEquals(first.header("last-modified"), head.header("last-modified"));
        assertEquals(0, head.body().length);
        RawHttp.Response part = get("/nodes/" + MAC + "/initrd", "Range: bytes=10-19");
        assertEquals(206, part.status());
        assertArrayEquals(Arrays.copyOfRange(initrd, 10, 20), part.body());
        assertEquals(304, get("/nodes/" + MAC + "/initrd", "If-None-Match: " + etag).status());
        assertEquals(416, get("/nodes/" + MAC + "/initrd", "Range: bytes=300000-").status());
        RawHttp.Response stale = get("/nodes/" + MAC + "/initrd", "If-Range: \"other\"", "Range: bytes=0-9");
        assertEquals(200, stale.status());
        assertArrayEquals(initrd, stale.body());
    }

    @Test
    void rangesAreServedAndUnsatisfiableIs416() throws IOException {
        RawHttp.Response part = get("/nodes/" + MAC + "/initrd", "Range: bytes=1000-1999");
        assertEquals(206, part.status());
        assertEquals("bytes 1000-1999/" + initrd.length, part.header("content-range"));
        assertArrayEquals(Arrays.copyOfRange(initrd, 1000, 2000), part.body());

        RawHttp.Response tail = get("/nodes/" + MAC + "/initrd", "Range: bytes=-10");
        assertEquals(206, tail.status());
        assertArrayEquals(Arrays.copyOfRange(initrd, initrd.length - 10, initrd.length), tail.body());

        RawHttp.Response open = get("/nodes/" + MAC + "/initrd", "Range: bytes=250000-");
        assertArrayEquals(Arrays.copyOfRange(initrd, 250_000, initrd.length), open.body());

        RawHttp.Response beyond = get("/nodes/" + MAC + "/initrd", "Range: bytes=300000-");
        assertEquals(416, beyond.status());
        assertEquals("bytes */" + initrd.length, beyond.header("content-range"));
    }

    @Test
    void headHasTheHeadersAndNoBody() throws IOException {
        RawHttp.Response r = RawHttp.request(server.port(), "HEAD", "/images/compute/initrd");
        assertEquals(200, r.status());
        assertEquals(Integer.toString(initrd.length), r.header("content-length"));
        assertEquals(0, r.body().length);
    }

    @Test
    void conditionalGetIsNotModified() throws IOException {
        String etag = get("/images/compute/kernel").header("etag");
        RawHttp.Response r = get("/images/compute/kernel", "If-None-Match: " + etag);
        assertEquals(304, r.status());
        assertEquals(0, r.body().length);
        RawHttp.Response stale = get("/images/compute/kernel", "If-Range: \"other\"", "Range: bytes=0-9");
        assertEquals(200, stale.status());
        assertEquals(kernel.length, stale.body().length);
    }

    @Test
    void theImageAliasServesTheFileAndJoinsByTheClientsAddress() throws IOException {
        assertArrayEquals(initrd, get("/images/compute/initrd").body());
        List<BootEvent> events = timeline.events(MAC);
        assertEquals(BootStage.INITRD, events.get(events.size() - 1).stage());
    }

    @Test
    void unknownImageIsNotFound() throws IOException {
        assertEquals(404, get("/images/gpu/kernel").status());
        assertEquals(404, get("/images/compute/config").status());
    }

    @Test
    void tftpRootOverHttp() throws IOException {
        RawHttp.Response r = get("/tftp/undionly.kpxe");
        assertEquals(200, r.status());
        assertEquals("undionly", r.text());
        assertEquals("snp", get("/tftp/sub/snponly.efi").text());
        assertEquals(200, get("/tftp/link-in").status());
        assertEquals(BootStage.HTTP_FILE, timeline.events(MAC).get(0).stage());
        RawHttp.Response part = get("/tftp/undionly.kpxe", "Range: bytes=2-4");
        assertEquals(206, part.status());
        assertEquals("dio", part.text());
        assertEquals("bytes 2-4/8", part.header("content-range"));
        RawHttp.Response head = RawHttp.request(server.port(), "HEAD", "/tftp/undionly.kpxe");
        assertEquals("8", head.header("content-length"));
        assertEquals(0, head.body().length);
        assertEquals(416, get("/tftp/undionly.kpxe", "Range: bytes=8-").status());
    }

    @Test
    void tftpFilesLargerThanAChunkComeWhole() throws IOException {
        byte[] big = Arrays.copyOf(initrd, TftpFileResponder.CHUNK * 2 + 17);
        Files.write(tftp.resolve("big.efi"), big);
        assertArrayEquals(big, get("/tftp/big.efi").body());
        assertEquals(0, metrics.httpTransfers.get());
    }

    @Test
    void theWarmUpAtStartRendersTheFirstNodesScriptAndLeavesNoTrace() throws IOException {
        List<String> rendered = new ArrayList<>();
        IpxeScriptRenderer real = new IpxeScriptRenderer();
        ScriptRenderer counting = new ScriptRenderer() {
            @Override
            public String nodeScript(NodeSpec node, ImageSpec image, ImageSpec failsafe, BootUrls urls) {
                rendered.add(node.name());
                return real.nodeScript(node, image, failsafe, urls);
            }

            @Override
            public String genericScript(BootUrls urls) {
                rendered.add("generic");
                return real.genericScript(urls);
            }

            @Override
            public String unknownNodeScript(MacAddress mac, BootUrls urls) {
                return real.unknownNodeScript(mac, urls);
            }
        };
        BootTimeline quiet = new BootTimeline(Clock.systemUTC());
        ServerMetrics counted = new ServerMetrics();
        try (BootHttpServer own = BootHttpServer.builder()
                .config(new HttpSection(0, 8, Duration.ofSeconds(30)))
                .inventory(inventory::get)
                .timeline(quiet)
                .metrics(counted)
                .renderer(counting)
                .start()) {
            assertEquals(List.of("node-000"), rendered, "the first node's script, once, at start");
            assertTrue(quiet.snapshot().isEmpty(), "no event on any timeline");
            assertTrue(counted.prometheusText().contains("bootnode_http_requests_total 0"), counted.prometheusText());
            assertEquals(200, RawHttp.request(own.port(), "GET", "/nodes/" + MAC + "/boot.ipxe").status());
        }
        ScriptRenderer failing = new ScriptRenderer() {
            @Override
            public String nodeScript(NodeSpec node, ImageSpec image, ImageSpec failsafe, BootUrls urls) {
                throw new IllegalStateException("renderer down");
            }

            @Override
            public String genericScript(BootUrls urls) {
                throw new IllegalStateException("renderer down");
            }

            @Override
            public String unknownNodeScript(MacAddress mac, BootUrls urls) {
                throw new IllegalStateException("renderer down");
            }
        };
        try (BootHttpServer own = BootHttpServer.builder()
                .config(new HttpSection(0, 8, Duration.ofSeconds(30)))
                .inventory(inventory::get)
                .renderer(failing)
                .start()) {
            assertEquals(404, RawHttp.request(own.port(), "GET", "/nodes/fc:ab:14:e8:66:99/boot.ipxe").status(),
                    "a warm-up that failed does not stop the server");
        }
    }

    @Test
    void sendOptionsFollowTheConfig() {
        Map<ChannelOption<?>, Object> defaults = BootHttpServer.sendOptions(new ServerBootstrap(), HttpSection.defaults(), true)
                .config().childOptions();
        assertFalse(defaults.containsKey(ChannelOption.SO_SNDBUF), "the kernel autotunes: " + defaults);
        assertEquals(2L * 1024 * 1024, defaults.get(EpollChannelOption.TCP_NOTSENT_LOWAT));
        assertEquals(1, defaults.get(ChannelOption.WRITE_SPIN_COUNT), "one write a turn for each connection");
        HttpSection fixed = HttpSection.builder().sendBuffer(256 * 1024).unsentLimit(0).build();
        Map<ChannelOption<?>, Object> options = BootHttpServer.sendOptions(new ServerBootstrap(), fixed, true)
                .config().childOptions();
        assertEquals(256 * 1024, options.get(ChannelOption.SO_SNDBUF));
        assertFalse(options.containsKey(EpollChannelOption.TCP_NOTSENT_LOWAT), "0: no limit: " + options);
        Map<ChannelOption<?>, Object> nio = BootHttpServer.sendOptions(new ServerBootstrap(), HttpSection.defaults(), false)
                .config().childOptions();
        assertFalse(nio.containsKey(EpollChannelOption.TCP_NOTSENT_LOWAT), "not an option of the NIO transport: " + nio);
    }

    @Test
    void aLargeFileArrivesWholeThroughASmallUnsentLimit() throws IOException {
        byte[] large = new byte[8 * 1024 * 1024 + 3];
        new Random(8).nextBytes(large);
        Files.write(dir.resolve("initrd.img"), large);
        try (BootHttpServer own = BootHttpServer.builder()
                .config(HttpSection.builder().port(0).unsentLimit(16 * 1024).build())
                .inventory(inventory::get)
                .start()) {
            assertArrayEquals(large, RawHttp.request(own.port(), "GET", "/nodes/" + MAC + "/initrd").body());
            RawHttp.Response tail = RawHttp.request(own.port(), "GET", "/nodes/" + MAC + "/initrd", "Range: bytes=5000000-");
            assertEquals(206, tail.status());
            assertArrayEquals(Arrays.copyOfRange(large, 5_000_000, large.length), tail.body());
        }
    }

    @Test
    void anEmbeddersFileSourceServesTheTftpRootOverHttp() throws IOException {
        try (BootHttpServer own = BootHttpServer.builder()
                .config(new HttpSection(0, 8, Duration.ofSeconds(30)))
                .inventory(inventory::get)
                .tftpSource(FileSource.inMemory(Map.of("snponly.efi", "from memory".getBytes(StandardCharsets.UTF_8))))
                .start()) {
            assertEquals("from memory", RawHttp.request(own.port(), "GET", "/tftp/snponly.efi").text());
            assertEquals(404, RawHttp.request(own.port(), "GET", "/tftp/undionly.kpxe").status());
        }
    }

    @Test
    void traversalNeverLeavesTheTftpRoot() throws IOException {
        for (String target : List.of("/tftp/../secret.txt", "/tftp/%2e%2e/secret.txt", "/tftp/%2E%2E/secret.txt",
                "/tftp/..%2fsecret.txt", "/tftp/sub%2f..%2f..%2fsecret.txt", "/tftp//etc/passwd",
                "/tftp/%2fetc%2fpasswd", "/tftp/sub/../../secret.txt", "/tftp/..\\secret.txt", "/tftp/%5c..%5csecret.txt",
                "/tftp/sub/", "/tftp/sub", "/tftp/", "/tftp/undionly.kpxe%00.txt",
                "/tftp/%c0%ae%c0%ae/secret.txt", "/tftp/link-out", "/tftp/%zz")) {
            RawHttp.Response r = get(target);
            assertTrue(r.status() == 404 || r.status() == 403 || r.status() == 400, target + " gave " + r.status());
            assertTrue(!r.text().contains("secret") && !r.text().contains("root:"), target);
        }
        assertEquals(403, get("/tftp/link-out").status());
        // TFTP's rules, the one guard: "." stays inside the root, as it does over TFTP.
        assertEquals("undionly", get("/tftp/./undionly.kpxe").text());
    }

    @Test
    void bootedReportCompletesTheTimeline() throws IOException {
        assertEquals(200, RawHttp.request(server.port(), "POST", "/nodes/fc:ab:14:e8:66:01/booted", "Content-Length: 0").status());
        assertEquals(200, get("/nodes/FC-AB-14-E8-66-01/booted").status());
        assertEquals(404, get("/nodes/fc:ab:14:e8:66:77/booted").status());
        assertEquals(List.of(BootStage.BOOTED, BootStage.BOOTED), timeline.events(MAC).stream().map(BootEvent::stage).toList());
        assertEquals(2, metrics.boots.get());
    }

    @Test
    void bootedFromAnotherAddressThanTheNodesIsRefusedAndNotRecorded() throws IOException {
        MacAddress other = MacAddress.parse("fc:ab:14:e8:66:02");
        inventory.set(new Inventory(inventory.get().config().toBuilder()
                .node(new NodeSpec("node-001", other, TestAddresses.ip("10.0.0.11"), "compute")).build()));
        RawHttp.Response r = RawHttp.request(server.port(), "POST", "/nodes/" + other + "/booted", "Content-Length: 0");
        assertEquals(403, r.status());
        assertEquals(403, get("/nodes/" + other + "/booted").status());
        assertEquals(List.of(), timeline.events(other));
        assertEquals(2, metrics.bootedRefused.get());
        assertEquals(0, metrics.boots.get());
    }

    @Test
    void theApiAndMetricsAreNotOnTheBootListener() throws IOException {
        for (String path : List.of("/api/nodes", "/api/nodes/", "/metrics", "/api/nodes/" + MAC + "/booted", "/")) {
            assertEquals(404, get(path).status(), path);
        }
        assertEquals(List.of(), timeline.events(MAC));
    }

    @Test
    void otherMethodsAreNotAllowed() throws IOException {
        RawHttp.Response r = RawHttp.request(server.port(), "PUT", "/images/compute/kernel", "Content-Length: 0");
        assertEquals(405, r.status());
        assertEquals("GET, HEAD", r.header("allow"));
        assertEquals(405, RawHttp.request(server.port(), "POST", "/boot.ipxe", "Content-Length: 0").status());
    }

    @Test
    void reloadIsSeenByTheNextRequest() throws IOException {
        BootConfig next = inventory.get().config().toBuilder()
                .node(new NodeSpec("node-002", MacAddress.parse("fc:ab:14:e8:66:03"), null, "compute")).build();
        assertEquals(404, get("/nodes/fc:ab:14:e8:66:03/boot.ipxe").status());
        inventory.set(new Inventory(next));
        assertEquals(200, get("/nodes/fc:ab:14:e8:66:03/boot.ipxe").status());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            StringBuilder requests = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                requests.append(i % 2 == 0 ? "GET /boot.ipxe" : "HEAD /images/compute/kernel").append(" HTTP/1.1\r\nHost: t\r\n\r\n");
            }
            requests.append("GET /nodes/" + MAC + "/boot.ipxe HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            socket.getOutputStream().write(requests.toString().getBytes(StandardCharsets.ISO_8859_1));
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertEquals(51, all.split("HTTP/1.1 200 OK", -1).length - 1, all);
            assertTrue(all.indexOf("#!ipxe") < all.indexOf("content-length: " + kernel.length), all);
            assertTrue(all.endsWith("\n") && all.contains("bootnode.booted="), all);
        }
    }

    @Test
    void anIdleConnectionIsClosed() throws IOException {
        try (BootHttpServer quick = BootHttpServer.builder()
                .config(new HttpSection(0, 8, Duration.ofMillis(300)))
                .inventory(inventory::get)
                .start();
                Socket socket = new Socket("127.0.0.1", quick.port())) {
            // Half a request line, then nothing: the server gives up after the idle timeout.
            socket.getOutputStream().write("GET /boot.ipxe HT".getBytes(StandardCharsets.ISO_8859_1));
            socket.setSoTimeout(10_000);
            assertEquals(-1, socket.getInputStream().read());
        }
    }

    @Test
    void aPortInUseIsOneClearError() {
        var e = assertThrows(UncheckedIOException.class, () ->
                BootHttpServer.builder().config(new HttpSection(server.port(), 8, Duration.ofSeconds(1)))
                        .bindAddress(InetAddress.getLoopbackAddress()).inventory(inventory::get).start());
        assertTrue(e.getMessage().startsWith("http: cannot listen on port " + server.port()), e.getMessage());
    }

    @Test
    void connectionsBeyondTheLimitAreClosed() throws Exception {
        Socket[] held = new Socket[8];
        try {
            for (int i = 0; i < held.length; i++) {
                held[i] = new Socket("127.0.0.1", server.port());
            }
            // Wait (bounded) until the server has counted all eight: a request on each gets an answer.
            for (Socket s : held) {
                s.setSoTimeout(5000);
                s.getOutputStream().write("GET /boot.ipxe HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                assertTrue(s.getInputStream().read() >= 0);
            }
            try (Socket extra = new Socket()) {
                extra.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
                extra.setSoTimeout(5000);
                InputStream in = extra.getInputStream();
                assertEquals(-1, in.read(), "the ninth connection is closed at accept");
            }
            assertEquals(1, metrics.httpRejected.get());
        } finally {
            for (Socket s : held) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }
}
