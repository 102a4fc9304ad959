package org.bootnode.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.BootServer;
import org.bootnode.server.BootUrls;
import org.bootnode.server.HttpRoute;
import org.bootnode.server.config.ConfigReader;
import org.bootnode.testkit.Exec;
import org.bootnode.testkit.Netns;
import org.bootnode.testkit.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The web page in a real browser against the real server: a {@link BootServer} with 500 nodes,
 * its boot listener on a veth into a namespace where the nodes live, its admin listener on
 * loopback with a token, and Debian's headless Chromium driven by Selenium. Every boot event the
 * page shows comes from a real request: DHCP by busybox udhcpc, TFTP and HTTP by curl from the
 * node's own address. With {@code CI=true} a missing chromium, chromedriver, udhcpc or curl fails.
 */
class WebPageIT {
    static final int NODES = 500;
    static final String TOKEN = "web-page-it-0123456789abcdef";
    static final String UNKNOWN_MAC = "02:77:00:ff:00:01";
    static final Duration LIVE = Duration.ofSeconds(10);
    /** The bound on a burst: every row shows its node's new state this long after the last request. */
    static final Duration BURST_BOUND = Duration.ofSeconds(5);
    static final String UDHCPC_SCRIPT = """
            #!/bin/sh
            case "$1" in
              bound|renew) echo "EVENT=$1 ip=$ip" ;;
              *) echo "EVENT=$1" ;;
            esac
            """;

    /** A failed test leaves a picture of the page in target/web-page-it/. */
    @RegisterExtension
    static final TestWatcher SCREENSHOT = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                browser.screenshot(Path.of("target", "web-page-it", context.getRequiredTestMethod().getName() + ".png"));
            }
        }
    };

    @TempDir static Path dir;
    static Netns ns;
    static Netns.Link link;
    static BootServer server;
    static HeadlessChromium browser;
    static String page;
    static int adminPort;
    static BootUrls urls;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper json = new ObjectMapper();

    static String mac(int i) {
        return "02:77:00:00:%02x:%02x".formatted(i >> 8, i & 0xff);
    }

    static String ip(int i) {
        return "10.77." + (1 + i / 250) + "." + (1 + i % 250);
    }

    static String name(int i) {
        return "node-%03d".formatted(i);
    }

    static String group(int i) {
        return i % 2 == 0 ? "compute" : "gpu";
    }

    @BeforeAll
    static void start() throws Exception {
        Tools.requireRootAnd("ip", "ss", "busybox", "curl");
        Tools.require("chromium", "chromedriver");
        ns = Netns.create("web");
        link = ns.vethToHost("10.77.0.1/16", null);
        for (int i = 0; i < 4; i++) {
            ns.ip("addr", "add", ip(i) + "/16", "dev", link.inside());
        }
        Files.createDirectories(dir.resolve("images"));
        Files.createDirectories(dir.resolve("tftp"));
        Files.createDirectories(dir.resolve("nodes.d"));
        Files.write(dir.resolve("images/vmlinuz"), new byte[64 * 1024]);
        Files.write(dir.resolve("images/compute.img"), new byte[256 * 1024]);
        Files.write(dir.resolve("tftp/undionly.kpxe"), new byte[70 * 1024]);
        Path tokens = dir.resolve("tokens.yaml");
        Files.writeString(tokens, "web: { access: read-write, token: \"" + TOKEN + "\" }\n");
        Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-------"));
        StringBuilder nodes = new StringBuilder();
        for (int i = 0; i < NODES; i++) {
            nodes.append("  %s: { mac: \"%s\", ip: %s, group: %s }\n".formatted(name(i), mac(i), ip(i), group(i)));
        }
        Path config = dir.resolve("bootnode.yaml");
        Files.writeString(config, """
                server: { address: 10.77.0.1, interface: %s, data-dir: data }
                dhcp:
                  subnet: 10.77.0.0/16
                  pool: 10.77.9.100-10.77.9.199
                  lease-time: 10m
                tftp: { port: 0, root: tftp }
                http: { port: 0 }
                admin: { listen: [127.0.0.1:0], tokens: tokens.yaml }
                node-files: nodes.d
                images:
                  compute: { kernel: images/vmlinuz, initrd: images/compute.img, cmdline: "console=ttyS0" }
                groups:
                  compute: { image: compute, cmdline: "quiet" }
                  gpu: { image: compute, options: { mtu: 9000 } }
                nodes:
                """.formatted(link.outside()) + nodes);
        server = BootServer.builder().config(ConfigReader.read(config)).start();
        urls = server.urls().orElseThrow();
        adminPort = server.adminAddresses().get(0).getPort();
        page = "http://127.0.0.1:" + adminPort + "/";
        browser = HeadlessChromium.start(dir, 1280, 900);
        browser.driver().get(page);
        // The admin listener asks for a token: the page asks the user for one, once per tab.
        giveToken("not-the-right-token-at-all");
        browser.await(LIVE, "the page says the token was refused",
                d -> d.findElement(By.id("token-dialog")).isDisplayed()
                        && d.findElement(By.id("token-why")).getText().contains("refused"));
        giveToken(TOKEN);
        browser.await(LIVE, "every node in the table", d -> rows().size() == NODES);
        browser.await(LIVE, "the event stream open", d -> "live".equals(d.findElement(By.id("live")).getAttribute("data-state")));
    }

    static void giveToken(String token) {
        WebElement input = browser.await(LIVE, "the token dialog", d -> {
            WebElement e = d.findElement(By.id("token-input"));
            return e.isDisplayed() ? e : null;
        });
        input.clear();
        input.sendKeys(token);
        browser.driver().findElement(By.id("token-submit")).click();
    }

    @AfterAll
    static void stop() {
        try (Netns n = ns; BootServer s = server; HeadlessChromium b = browser) {
            // closed in reverse order
        }
    }

    @AfterEach
    void noScriptErrorAndNothingRefusedByThePolicy() {
        assertEquals(List.of(), browser.pageErrors(), "the page's console");
    }

    static List<WebElement> rows() {
        return browser.driver().findElements(By.cssSelector("#node-rows tr[data-node]"));
    }

    static WebElement row(String name) {
        return browser.driver().findElement(By.cssSelector("#node-rows tr[data-node='" + name + "']"));
    }

    static String state(String name) {
        return row(name).getAttribute("data-state");
    }

    static void showNodes() {
        browser.driver().findElement(By.id("nav-nodes")).click();
        browser.await(LIVE, "the node list", d -> d.findElement(By.id("view-nodes")).isDisplayed());
    }

    /** curl from a node's own address in the namespace. */
    static Exec.Result curl(int node, String... args) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-f", "-o", "/dev/null", "--max-time", "10",
                "--interface", ip(node)));
        command.addAll(List.of(args));
        return ns.run(Duration.ofSeconds(20), command.toArray(String[]::new)).ok();
    }

    /** DHCP from the namespace with {@code mac}: busybox udhcpc, which prints EVENT=bound ip=... on a lease. */
    static Exec.Result udhcpc(String mac, int tries) throws IOException {
        Path script = dir.resolve("udhcpc.sh");
        Files.writeString(script, UDHCPC_SCRIPT);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        ns.ip("link", "set", link.inside(), "address", mac);
        try {
            return ns.run(Duration.ofSeconds(30), "busybox", "udhcpc", "-f", "-q", "-n", "-t", String.valueOf(tries),
                    "-T", "1", "-i", link.inside(), "-s", script.toString());
        } finally {
            // The host would send to the old MAC until its neighbour entry expires.
            Exec.run(Duration.ofSeconds(10), "ip", "neigh", "flush", "dev", link.outside());
        }
    }

    static JsonNode api(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(page + path.substring(1)))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), () -> path + ": " + r.body());
        return json.readTree(r.body());
    }

    @Test
    void node000ChangesStateLiveWhenItFetchesItsScriptAndReportsBooted() {
        showNodes();
        browser.js("window.__notReloaded = true");
        String before = state("node-000");
        assertFalse("booted".equals(before), before);

        curl(0, urls.nodeScript(MacAddress.parse(mac(0))));
        browser.await(LIVE, "node-000 in state script", d -> "script".equals(state("node-000")));
        assertEquals("script", row("node-000").findElement(By.cssSelector(".state")).getText());
        assertEquals("never", row("node-000").findElement(By.cssSelector(".last-boot")).getText());

        curl(0, "-X", "POST", urls.booted(MacAddress.parse(mac(0))));
        browser.await(LIVE, "node-000 booted", d -> "booted".equals(state("node-000")));
        WebElement last = row("node-000").findElement(By.cssSelector(".last-boot"));
        assertFalse(last.getAttribute("datetime").isEmpty(), "the last boot time is shown");
        assertEquals("booted", row("node-000").getAttribute("data-phase"), "coloured as booted");
        assertEquals(Boolean.TRUE, browser.js("return window.__notReloaded === true"), "updated live, not by a reload");
    }

    @Test
    void afterTheStreamDropsThePageReconnectsAndReplaysWhatItMissed() {
        showNodes();
        browser.js("window.__notReloaded = true");
        curl(2, urls.nodeScript(MacAddress.parse(mac(2))));
        browser.await(LIVE, "node-002 in state script", d -> "script".equals(state("node-002")));
        ChromeDriver chrome = (ChromeDriver) browser.driver();
        // Offline, the browser keeps the connections it has and opens none: the stream is cut
        // under it (ss -K resets the admin port's connections) and cannot come back yet.
        ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
        offline.setOffline(true);
        chrome.setNetworkConditions(offline);
        try {
            Exec.ok(Duration.ofSeconds(10), "ss", "-K", "state", "established", "( sport = :" + adminPort + " )");
            browser.await(LIVE, "the page sees the stream drop",
                    d -> !"live".equals(d.findElement(By.id("live")).getAttribute("data-state")));
            curl(2, "-X", "POST", urls.booted(MacAddress.parse(mac(2))));
            assertEquals("script", state("node-002"), "nothing reaches an offline page");
        } finally {
            chrome.deleteNetworkConditions();
        }
        browser.await(Duration.ofSeconds(30), "the stream open again",
                d -> "live".equals(d.findElement(By.id("live")).getAttribute("data-state")));
        browser.await(LIVE, "node-002's missed event", d -> "booted".equals(state("node-002")));
        assertEquals(Boolean.TRUE, browser.js("return window.__notReloaded === true"), "resumed, not reloaded");
        assertEquals(Boolean.TRUE, browser.js("""
                return performance.getEntriesByType('resource').filter(e => e.name.endsWith('/api/nodes')).length === 1
                """), "the missed event came with the resumed stream (Last-Event-ID), not from reading the nodes again");
    }

    @Test
    void filtersByNameGroupAndStateShowExactlyTheMatchingNodesAndSurviveAReload() throws Exception {
        showNodes();
        curl(3, urls.nodeScript(MacAddress.parse(mac(3))));
        browser.await(LIVE, "node-003 in state script", d -> "script".equals(state("node-003")));

        browser.driver().findElement(By.id("filter-name")).sendKeys("node-00");
        assertEquals(expected("node-00", null, null), visible());
        new Select(browser.driver().findElement(By.id("filter-group"))).selectByValue("gpu");
        assertEquals(expected("node-00", "gpu", null), visible());
        new Select(browser.driver().findElement(By.id("filter-state"))).selectByValue("script");
        Set<String> three = expected("node-00", "gpu", "script");
        assertTrue(three.contains("node-003"), three::toString);
        assertEquals(three, visible());

        // The filters live in the URL: a reload (the token is kept for the tab) shows the same rows.
        browser.driver().navigate().refresh();
        browser.await(LIVE, "the filtered rows after a reload", d -> rows().size() >= NODES && visible().equals(three));
        assertEquals("node-00", browser.driver().findElement(By.id("filter-name")).getAttribute("value"));

        browser.driver().findElement(By.id("filter-name")).clear();
        new Select(browser.driver().findElement(By.id("filter-group"))).selectByValue("");
        new Select(browser.driver().findElement(By.id("filter-state"))).selectByValue("");
        browser.await(LIVE, "every row again", d -> visible().size() == rows().size());
    }

    /** Names of the rows shown, once the next animation frame has written them. */
    static Set<String> visible() {
        browser.js("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
        Set<String> names = new TreeSet<>();
        @SuppressWarnings("unchecked")
        List<String> shown = (List<String>) browser.js(
                "return [...document.querySelectorAll('#node-rows tr[data-node]')].filter(r => !r.hidden).map(r => r.dataset.node)");
        names.addAll(shown);
        return names;
    }

    /** What the filters should show, from the API: the oracle is the server, not the page. */
    static Set<String> expected(String name, String group, String state) throws Exception {
        Set<String> names = new TreeSet<>();
        for (JsonNode n : api("/api/nodes").get("nodes")) {
            if (n.get("name").asText().contains(name)
                    && (group == null || group.equals(n.path("group").asText()))
                    && (state == null || state.equals(n.get("state").asText()))) {
                names.add(n.get("name").asText());
            }
        }
        return names;
    }

    @Test
    void aNodesPageDrawsABarPerStageOfItsBootAndShowsItsLeaseAndSettings() throws Exception {
        int node = 1;
        MacAddress mac = MacAddress.parse(mac(node));
        String bound = udhcpc(mac(node), 5).out();
        assertTrue(bound.contains("EVENT=bound ip=" + ip(node)), bound);
        curl(node, "tftp://10.77.0.1:" + server.tftpPort().orElseThrow() + "/undionly.kpxe");
        curl(node, urls.nodeScript(mac));
        curl(node, urls.url(new HttpRoute.NodeFile(mac, HttpRoute.Part.KERNEL)));
        curl(node, urls.url(new HttpRoute.NodeFile(mac, HttpRoute.Part.INITRD)));
        curl(node, "-X", "POST", urls.booted(mac));
        showNodes();
        browser.await(LIVE, "node-001 booted", d -> "booted".equals(state("node-001")));

        row("node-001").findElement(By.linkText("node-001")).click();
        browser.await(LIVE, "node-001's page", d -> d.findElement(By.id("node-title")).getText().equals("node-001"));
        WebElement boot = browser.await(LIVE, "node-001's newest boot",
                d -> d.findElements(By.cssSelector("#node-boots .boot[data-newest='true']")).stream().findFirst().orElse(null));
        List<String> bars = boot.findElements(By.cssSelector(".timeline .bar")).stream()
                .map(b -> b.getAttribute("data-stage")).toList();
        assertEquals(List.of("dhcp", "tftp", "script", "kernel", "initrd", "booted"), bars);
        // One time axis: DHCP starts the boot, and booted (reported last) is drawn after it.
        List<WebElement> drawn = boot.findElements(By.cssSelector(".timeline .bar"));
        WebElement dhcp = drawn.get(0);
        for (WebElement bar : drawn) {
            assertTrue(bar.getSize().getWidth() > 0, () -> bar.getAttribute("data-stage") + " has no width");
            assertTrue(bar.getLocation().getX() >= dhcp.getLocation().getX(), () -> bar.getAttribute("data-stage")
                    + " starts before DHCP");
        }
        assertTrue(drawn.get(5).getLocation().getX() > dhcp.getLocation().getX() + dhcp.getSize().getWidth(),
                "booted is drawn after DHCP, on one time axis");
        String lease = browser.driver().findElement(By.id("node-lease")).getText();
        assertTrue(lease.contains(ip(node)) && lease.contains("bound"), lease);
        String settings = browser.driver().findElement(By.id("node-settings")).getText();
        assertTrue(settings.contains("9000"), () -> "the gpu group's MTU: " + settings);
    }

    @Test
    void anUnknownMacHeardByDhcpIsAdoptedThroughTheFormAndThenGetsItsAddress() throws Exception {
        String refused = udhcpc(UNKNOWN_MAC, 2).out();
        assertFalse(refused.contains("EVENT=bound"), refused);

        browser.driver().findElement(By.id("nav-unknown")).click();
        WebElement unknownRow = browser.await(LIVE, "the unknown MAC listed",
                d -> d.findElements(By.cssSelector("#unknown-rows tr[data-mac='" + UNKNOWN_MAC + "']")).stream()
                        .findFirst().orElse(null));
        unknownRow.findElement(By.cssSelector(".adopt-button")).click();
        assertEquals(UNKNOWN_MAC, new Select(browser.driver().findElement(By.id("adopt-mac")))
                .getFirstSelectedOption().getAttribute("value"));

        WebElement name = browser.driver().findElement(By.id("adopt-name"));
        assertEquals(name, browser.driver().switchTo().activeElement(), "Adopt puts the focus on the name");
        name.sendKeys("node-new");
        new Select(browser.driver().findElement(By.id("adopt-group"))).selectByValue("compute");
        // The server refuses an address outside every subnet: the page says so at the field.
        WebElement ip = browser.driver().findElement(By.id("adopt-ip"));
        ip.sendKeys("192.0.2.77");
        browser.driver().findElement(By.id("adopt-submit")).click();
        WebElement error = browser.await(LIVE, "the address refused",
                d -> d.findElement(By.id("adopt-error")).isDisplayed() ? d.findElement(By.id("adopt-error")) : null);
        assertTrue(error.getText().startsWith("ip: "), error.getText());
        assertEquals("true", ip.getAttribute("aria-invalid"));
        assertTrue(api("/api/nodes").get("unknown").toString().contains(UNKNOWN_MAC), "still unknown after the refusal");

        ip.clear();
        browser.driver().findElement(By.id("adopt-submit")).click();
        WebElement done = browser.await(LIVE, "the adoption done",
                d -> d.findElement(By.id("adopt-done")).isDisplayed() ? d.findElement(By.id("adopt-done")) : null);
        assertTrue(done.getText().contains("node-new"), done.getText());
        browser.await(LIVE, "the MAC no longer unknown",
                d -> d.findElements(By.cssSelector("#unknown-rows tr[data-mac='" + UNKNOWN_MAC + "']")).isEmpty());

        JsonNode node = api("/api/nodes/node-new");
        assertEquals(UNKNOWN_MAC, node.get("mac").asText());
        String address = node.get("ip").asText();
        // docs/api.md: the lowest free host address of the subnet it was heard on, outside the pool
        // and not the server's (10.77.0.1).
        assertEquals("10.77.0.2", address);
        assertTrue(Files.isRegularFile(dir.resolve("nodes.d/node-new.yaml")), "kept in node-files");

        showNodes();
        browser.await(LIVE, "node-new in the table", d -> !d.findElements(By.cssSelector("#node-rows tr[data-node='node-new']")).isEmpty());
        String bound = udhcpc(UNKNOWN_MAC, 5).out();
        assertTrue(bound.contains("EVENT=bound ip=" + address), bound);
        browser.await(LIVE, "node-new's DHCP shown live", d -> state("node-new").startsWith("dhcp-"));
    }

    @Test
    void everyFieldHasALabelAndOnAPhoneTheRowsAreCardsAndNothingScrollsSideways() {
        showNodes();
        assertEquals(0L, ((Number) browser.js("""
                return [...document.querySelectorAll('input, select, button')]
                    .filter(e => e.labels.length === 0 && !e.getAttribute('aria-label') && !e.textContent.trim()).length
                """)).longValue(), "a control without a label");
        Dimension desktop = browser.driver().manage().window().getSize();
        try {
            browser.driver().manage().window().setSize(new Dimension(390, 844));
            browser.await(LIVE, "the phone layout", d -> "block".equals(row("node-000").getCssValue("display")));
            assertEquals(Boolean.TRUE, browser.js("return document.documentElement.scrollWidth <= window.innerWidth"),
                    "nothing wider than the phone");
            String label = (String) browser.js("return getComputedStyle(arguments[0].cells[4], '::before').content", row("node-000"));
            assertEquals("\"State\"", label, "each cell of a card says what it is");
        } finally {
            browser.driver().manage().window().setSize(desktop);
        }
    }

    @Test
    void fiveHundredRowsAndABurstOfFourHundredBootEventsReachEveryRowWithinTheBound() throws Exception {
        showNodes();
        assertTrue(rows().size() >= NODES, "every node has its row");
        // Rows are written in place: the same elements before and after, and no row added or removed.
        browser.js("""
                window.__rows = [...document.querySelectorAll('#node-rows tr[data-node]')];
                window.__rowChanges = 0;
                window.__longest = 0;
                new MutationObserver(ms => ms.forEach(m => window.__rowChanges += m.addedNodes.length + m.removedNodes.length))
                    .observe(document.getElementById('node-rows'), { childList: true });
                new PerformanceObserver(l => l.getEntries().forEach(e => window.__longest = Math.max(window.__longest, e.duration)))
                    .observe({ type: 'longtask' });
                """);
        Semaphore inFlight = new Semaphore(16);
        List<CompletableFuture<HttpResponse<Void>>> requests = new ArrayList<>();
        for (int i = 100; i < NODES; i++) {
            inFlight.acquire();
            HttpRequest get = HttpRequest.newBuilder(URI.create(urls.nodeScript(MacAddress.parse(mac(i))))).build();
            requests.add(http.sendAsync(get, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> inFlight.release()));
        }
        for (CompletableFuture<HttpResponse<Void>> r : requests) {
            assertEquals(200, r.join().statusCode());
        }
        long sent = System.nanoTime();
        browser.await(BURST_BOUND, "400 rows in state script within " + BURST_BOUND, d -> ((Number) browser.js(
                "return [...document.querySelectorAll('#node-rows tr[data-node]')]"
                        + ".filter(r => Number(r.dataset.node.slice(5)) >= 100 && r.dataset.state === 'script').length"))
                .intValue() == NODES - 100);
        long ms = (System.nanoTime() - sent) / 1_000_000;
        assertEquals(Boolean.TRUE, browser.js("return window.__rows.every(r => r.isConnected)"), "the same row elements");
        assertEquals(0L, ((Number) browser.js("return window.__rowChanges")).longValue(), "no row re-created");
        double longest = ((Number) browser.js("return window.__longest")).doubleValue();
        System.out.printf("web page: 400 events shown %d ms after the last request; longest task %.0f ms%n", ms, longest);
        assertTrue(longest < 1000, () -> "the page stalled " + longest + " ms on the burst");
    }
}
