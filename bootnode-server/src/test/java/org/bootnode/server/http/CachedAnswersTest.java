package org.bootnode.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.FileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.BootUrls;
import org.bootnode.server.TestAddresses;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.ImageSpec;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.config.ServerSection;
import org.bootnode.server.inventory.BootEvent;
import org.bootnode.server.inventory.BootStage;
import org.bootnode.server.inventory.BootTimeline;
import org.bootnode.server.inventory.Inventory;
import org.bootnode.server.inventory.MacLookup;
import org.bootnode.server.metrics.ServerMetrics;
import org.bootnode.server.scripts.IpxeScriptRenderer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event loop's answers: a kernel already open is sent from there, never handed to the file threads. */
class CachedAnswersTest {
    static final MacAddress MAC = MacAddress.parse("fc:ab:14:e8:66:01");

    @TempDir Path dir;
    Inventory inventory;
    BootTimeline timeline;
    OpenFileCache openFiles;
    EventExecutorGroup files;
    CachedAnswers handler;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(dir.resolve("vmlinuz"), "kernel bytes");
        Files.writeString(dir.resolve("initrd.img"), "initrd");
        BootConfig config = BootConfig.builder()
                .server(new ServerSection(TestAddresses.ip("10.0.0.1"), null, dir))
                .image(new ImageSpec("compute", dir.resolve("vmlinuz"), dir.resolve("initrd.img"), "console=ttyS0"))
                .node(new NodeSpec("node-000", MAC, TestAddresses.ip("10.0.0.10"), "compute"))
                .build();
        inventory = new Inventory(config);
        timeline = new BootTimeline(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        AtomicLong now = new AtomicLong();
        openFiles = new OpenFileCache(Duration.ofSeconds(1), now::get);
        files = new DefaultEventExecutorGroup(1);
        HttpContext context = new HttpContext(() -> inventory, timeline, new ServerMetrics(), new IpxeScriptRenderer(),
                () -> BootUrls.of(TestAddresses.ip("10.0.0.1"), 80), null, MacLookup.none(), false, null, openFiles);
        handler = new CachedAnswers(context, files);
    }

    @AfterEach
    void tearDown() {
        openFiles.close();
        files.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    /** A channel whose peer has an internet address, as every real client has. */
    EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return new InetSocketAddress(TestAddresses.ip("10.0.0.10"), 40000);
            }
        };
        ch.pipeline().addLast(handler);
        return ch;
    }

    /**
     * Holds the one file thread until the latch returned is counted down. An embedded channel's
     * loop runs a write from any thread at once, so a free file thread could answer (and lower
     * the count of answers owed, or open and cache a file) before the test looks.
     */
    CountDownLatch holdFileThread() throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        files.execute(() -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(held.await(10, TimeUnit.SECONDS), "the file thread is held");
        return release;
    }

    /**
     * Waits until the one file thread has run everything handed to it so far (its tasks run in
     * order, so a marker queued last completes after them), then runs what it left on the
     * channel's loop: from here the test thread alone touches the channel.
     */
    void fileThreadDone(EmbeddedChannel ch) throws Exception {
        files.submit(() -> { }).get(10, TimeUnit.SECONDS);
        ch.runPendingTasks();
    }

    static FullHttpRequest get(String uri) {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        r.headers().set(HttpHeaderNames.HOST, "bootnode");
        return r;
    }

    @Test
    void aKernelAlreadyOpenIsSentFromTheEventLoop() throws IOException {
        OpenFile kernel = openFiles.open(dir.resolve("vmlinuz"), inventory);
        kernel.release();
        EmbeddedChannel ch = channel();
        FullHttpRequest request = get("/nodes/" + MAC + "/kernel");
        ch.writeInbound(request);

        assertNull(ch.pipeline().get(CachedAnswers.BOOT), "the file threads were not involved");
        assertEquals(0, request.refCnt(), "the request was released");
        HttpResponse head = assertInstanceOf(HttpResponse.class, ch.readOutbound());
        assertEquals(200, head.status().code());
        assertEquals("12", head.headers().get(HttpHeaderNames.CONTENT_LENGTH));
        assertEquals(kernel.etag(), head.headers().get(HttpHeaderNames.ETAG));
        FileRegion body = assertInstanceOf(FileRegion.class, ch.readOutbound());
        assertEquals(12, body.count());
        assertEquals(2, kernel.references(), "the cache's and the region's");
        assertInstanceOf(LastHttpContent.class, ch.readOutbound());
        body.release();
        assertEquals(1, kernel.references());
        List<BootEvent> events = timeline.events(MAC);
        assertEquals(BootStage.KERNEL, events.get(events.size() - 1).stage());
        ch.finishAndReleaseAll();
    }

    @Test
    void aNodesScriptAndBootReportAreAnsweredOnTheEventLoop() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(get("/nodes/" + MAC + "/boot.ipxe"));
        FullHttpResponse script = assertInstanceOf(FullHttpResponse.class, ch.readOutbound());
        assertEquals(200, script.status().code());
        assertTrue(script.content().toString(StandardCharsets.UTF_8).startsWith("#!ipxe"));
        script.release();
        ch.writeInbound(get("/nodes/" + MAC + "/booted"));
        FullHttpResponse booted = assertInstanceOf(FullHttpResponse.class, ch.readOutbound());
        assertEquals(200, booted.status().code());
        booted.release();
        assertNull(ch.pipeline().get(CachedAnswers.BOOT), "the file threads were not involved");
        assertEquals(List.of(BootStage.SCRIPT, BootStage.BOOTED), timeline.events(MAC).stream().map(BootEvent::stage).toList());
        ch.finishAndReleaseAll();
    }

    @Test
    void whileTheFileThreadsOweAnAnswerTheNextRequestsWaitBehindIt() throws Exception {
        CountDownLatch release = holdFileThread();
        EmbeddedChannel ch = channel();
        ch.writeInbound(get("/nodes/" + MAC + "/kernel"));
        ch.writeInbound(get("/nodes/" + MAC + "/boot.ipxe"));
        BootHttpHandler boot = (BootHttpHandler) ch.pipeline().get(CachedAnswers.BOOT);
        assertEquals(2, boot.owed, "the script went to the file threads too");
        assertTrue(ch.outboundMessages().isEmpty());
        release.countDown();
        fileThreadDone(ch);
        assertEquals(0, boot.owed, "both answered");
        HttpResponse kernel = assertInstanceOf(HttpResponse.class, ch.readOutbound());
        assertEquals("12", kernel.headers().get(HttpHeaderNames.CONTENT_LENGTH), "the kernel's answer first");
        assertInstanceOf(FileRegion.class, ch.readOutbound());
        assertInstanceOf(LastHttpContent.class, ch.readOutbound());
        FullHttpResponse script = assertInstanceOf(FullHttpResponse.class, ch.readOutbound());
        assertTrue(script.content().toString(StandardCharsets.UTF_8).startsWith("#!ipxe"));
        ch.finishAndReleaseAll();
    }

    @Test
    void aFileNotOpenYetGoesToTheFileThreads() throws Exception {
        CountDownLatch release = holdFileThread();
        EmbeddedChannel ch = channel();
        ch.writeInbound(get("/nodes/" + MAC + "/initrd"));
        assertNotNull(ch.pipeline().get(CachedAnswers.BOOT));
        assertEquals(0, openFiles.size(), "nothing opened on the event loop");
        release.countDown();
        fileThreadDone(ch);
        assertEquals(1, openFiles.size(), "opened and cached by the file thread");
        ch.finishAndReleaseAll();
    }

    @Test
    void anUnknownNodeGoesToTheFileThreadsWhichAnswer404() throws Exception {
        openFiles.open(dir.resolve("vmlinuz"), inventory).release();
        EmbeddedChannel ch = channel();
        ch.writeInbound(get("/nodes/fc:ab:14:e8:66:99/kernel"));
        assertNotNull(ch.pipeline().get(CachedAnswers.BOOT));
        fileThreadDone(ch);
        FullHttpResponse answer = assertInstanceOf(FullHttpResponse.class, ch.readOutbound());
        assertEquals(404, answer.status().code());
        answer.release();
        assertNull(ch.readOutbound(), "nothing else, no file");
        ch.finishAndReleaseAll();
    }

    @Test
    void aReloadedInventoryIsNotAnsweredFromFilesOpenedForTheOldOne() throws Exception {
        openFiles.open(dir.resolve("vmlinuz"), inventory).release();
        inventory = new Inventory(inventory.config());
        CountDownLatch release = holdFileThread();
        EmbeddedChannel ch = channel();
        ch.writeInbound(get("/nodes/" + MAC + "/kernel"));
        assertNotNull(ch.pipeline().get(CachedAnswers.BOOT));
        assertTrue(ch.outboundMessages().isEmpty(), "not answered on the event loop");
        release.countDown();
        fileThreadDone(ch);
        HttpResponse kernel = assertInstanceOf(HttpResponse.class, ch.readOutbound());
        assertEquals(200, kernel.status().code(), "answered by the file thread");
        ch.finishAndReleaseAll();
    }
}
