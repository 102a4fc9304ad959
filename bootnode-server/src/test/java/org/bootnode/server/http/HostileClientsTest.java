package org.bootnode.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.metrics.ServerMetrics;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.HttpSection;
import org.bootnode.server.config.ImageSpec;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.config.ServerSection;
import org.bootnode.server.inventory.BootTimeline;
import org.bootnode.server.inventory.Inventory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a hostile or broken client gets from the HTTP server, over real loopback sockets: slow
 * clients are cut at the request deadline, one address cannot take every connection, versions
 * other than HTTP/1.0 and 1.1 are refused, oversized heads and bodies are refused.
 * Every loopback address 127.0.0.x is local on Linux: a second one plays the other host.
 */
class HostileClientsTest {
    static final MacAddress MAC = MacAddress.parse("fc:ab:14:e8:66:01");
    static final String HOSTILE = "127.0.0.2";

    @TempDir Path dir;
    final ServerMetrics metrics = new ServerMetrics();
    final List<Socket> sockets = new ArrayList<>();
    final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    BootHttpServer server;

    BootHttpServer start(HttpSection.Builder http) {
        BootConfig config = BootConfig.builder()
                .server(new ServerSection(ip("10.0.0.1"), null, dir))
                .image(new ImageSpec("compute", dir.resolve("vmlinuz"), dir.resolve("initrd.img"), ""))
                .node(new NodeSpec("node-000", MAC, ip("127.0.0.1"), "compute"))
                .build();
        Inventory inventory = new Inventory(config);
        server = BootHttpServer.builder()
                .config(http.port(0).build())
                .inventory(() -> inventory)
                .timeline(new BootTimeline(Clock.systemUTC()))
                .metrics(metrics)
                .start();
        return server;
    }

    @AfterEach
    void stop() throws IOException {
        trickle.shutdownNow();
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    Socket connect(String from) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        s.setSoTimeout(10_000);
        return s;
    }

    static Inet4Address ip(String literal) {
        try {
            return (Inet4Address) InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Everything the server sends until it closes (a reset after its answer counts as the end). */
    static String readToClose(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder all = new StringBuilder();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                all.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (SocketException reset) {
            // The server closed with unread bytes of ours pending: the kernel resets.
        }
        return all.toString();
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void slowConnectionsFromOneAddressLeaveRoomForOtherNodes() throws IOException {
        start(HttpSection.builder().maxConnections(16).maxConnectionsPerAddress(4).headerTimeout(Duration.ofMinutes(5)));
        // As many slow requests from one host as the server takes connections in all.
        for (int i = 0; i < 16; i++) {
            send(connect(HOSTILE), "GET /boot.ipxe HTTP/1.1\r\nX-Slow: ");
        }
        await(() -> metrics.httpConnections.get() + metrics.httpRejected.get() == 16, "the server has seen all 16");
        RawHttp.Response script = RawHttp.request(server.port(), "GET", "/boot.ipxe");
        assertEquals(200, script.status());
        assertEquals(12, metrics.httpRejected.get(), "12 of 16 connections from " + HOSTILE + " closed at accept");
        await(() -> metrics.httpConnections.get() == 4, "the hostile host's four still open, the fetch's closed");
    }

    @Test
    void aRequestSentSlowlyIsClosedAtTheDeadlineThoughEveryByteIsProgress() throws IOException {
        start(HttpSection.builder().headerTimeout(Duration.ofMillis(500)).idleTimeout(Duration.ofMinutes(5)));
        // Before the connect: the server's deadline starts at its accept, later than this.
        long start = System.nanoTime();
        Socket slow = connect("127.0.0.1");
        send(slow, "GET /boot.ipxe HTTP/1.1\r\n");
        // One header line every 50 ms: the idle timer never fires, only a deadline for the whole head can.
        trickle.scheduleAtFixedRate(() -> {
            try {
                send(slow, "X-Slow: 1\r\n");
            } catch (IOException closed) {
                throw new IllegalStateException(closed);
            }
        }, 50, 50, TimeUnit.MILLISECONDS);
        String answer = readToClose(slow);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
        assertTrue(millis >= 500 && millis < 5000, "closed after " + millis + " ms");
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAtTheDeadline() throws IOException {
        start(HttpSection.builder().headerTimeout(Duration.ofMillis(300)).idleTimeout(Duration.ofMinutes(5)));
        String answer = readToClose(connect("127.0.0.1"));
        assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
    }

    @Test
    void versionsOtherThanHttp10And11AreRefusedWith505AndClosed() throws IOException {
        start(HttpSection.builder());
        for (String version : List.of("HTTP/9.9", "HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "FOO/1.1")) {
            Socket s = connect("127.0.0.1");
            send(s, "GET /boot.ipxe " + version + "\r\nHost: t\r\n\r\nGET /boot.ipxe HTTP/1.1\r\nHost: t\r\n\r\n");
            String answer = readToClose(s);
            // Not HTTP at all: Netty's decoder refuses it itself (400).
            String expected = version.startsWith("HTTP/") ? "HTTP/1.1 505 " : "HTTP/1.1 400 ";
            assertTrue(answer.startsWith(expected), version + ": " + answer);
            assertEquals(1, answer.split("HTTP/1.1 ", -1).length - 1, version + ": one answer, then the close: " + answer);
        }
        Socket old = connect("127.0.0.1");
        send(old, "GET /boot.ipxe HTTP/1.0\r\n\r\n");
        assertTrue(readToClose(old).startsWith("HTTP/1.0 200 "));
    }

    @Test
    void anOversizedHeadIsRefusedAndClosed() throws IOException {
        start(HttpSection.builder());
        Socket s = connect("127.0.0.1");
        send(s, "GET /boot.ipxe HTTP/1.1\r\nHost: t\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n");
        String answer = readToClose(s);
        assertTrue(answer.startsWith("HTTP/1.1 431 ") || answer.startsWith("HTTP/1.1 400 "), answer);
        Socket line = connect("127.0.0.1");
        send(line, "GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: t\r\n\r\n");
        String tooLong = readToClose(line);
        assertTrue(tooLong.startsWith("HTTP/1.1 414 ") || tooLong.startsWith("HTTP/1.1 400 "), tooLong);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413() throws IOException {
        start(HttpSection.builder());
        Socket s = connect("127.0.0.1");
        // Refused on the length alone, before any route is looked at.
        send(s, "POST /boot.ipxe HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Length: 70000\r\n\r\n");
        String answer = readToClose(s);
        assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
    }
}
