package org.bootnode.storm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The generator's GET against a real HTTP server on loopback that answers with a Content-Length
 * and then sends as many body bytes as it is told, and closes (as bootnode and nginx do after a
 * {@code Connection: close} request). On epoll the body is spliced to /dev/null; every byte is
 * still counted, and a short or over-long body fails the fetch.
 */
class HttpGetTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private Loops loops;
    private ServerSocket server;
    private final ExecutorService accept = Executors.newSingleThreadExecutor();

    @BeforeEach
    void start() throws IOException {
        loops = new Loops(1);
        server = new ServerSocket();
        server.bind(new InetSocketAddress(LOOPBACK, 0));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        accept.shutdownNow();
        assertTrue(accept.awaitTermination(10, TimeUnit.SECONDS));
        loops.shutdown();
    }

    /** Answers {@code connections} GETs: a head with Content-Length {@code declared}, then {@code sent} bytes, then close. */
    private void serve(int connections, long declared, long sent) {
        accept.submit(() -> {
            for (int i = 0; i < connections; i++) {
                try (Socket s = server.accept()) {
                    readHead(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + declared + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = new byte[64 << 10];
                    for (long left = sent; left > 0; left -= chunk.length) {
                        out.write(chunk, 0, (int) Math.min(chunk.length, left));
                    }
                    out.flush();
                }
            }
            return null;
        });
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request ended in its head");
            }
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    private CompletableFuture<HttpGet.Result> get(int keep) {
        HttpGet http = new HttpGet(loops, Duration.ofSeconds(5), Duration.ofSeconds(10), new Answers(16));
        return http.get(LOOPBACK, URI.create("http://" + LOOPBACK.getHostAddress() + ":" + server.getLocalPort() + "/f"), keep);
    }

    @Test
    void everyByteOfALargeBodyIsCountedThoughTheServerClosesRightAfterIt() throws Exception {
        long size = (8 << 20) + 123;
        int rounds = 20;
        serve(rounds, size, size);
        for (int i = 0; i < rounds; i++) {
            HttpGet.Result r = get(0).get(20, TimeUnit.SECONDS);
            assertEquals(200, r.status());
            assertEquals(size, r.bytes(), "round " + i);
        }
        long copied = rounds * size - loops.bodyDiscard().moved();
        assertTrue(copied >= 0 && copied < rounds * (1L << 20), "bytes read into user space: " + copied);
    }

    @Test
    void aKeptBodyIsReadAsBefore() throws Exception {
        serve(1, 3000, 3000);
        HttpGet.Result r = get(1 << 20).get(20, TimeUnit.SECONDS);
        assertEquals(3000, r.bytes());
        assertEquals(3000, r.kept().length);
    }

    @Test
    void aShortBodyFailsTheFetch() throws Exception {
        long size = 4 << 20;
        serve(1, size, size - 1000);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> get(0).get(20, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IOException, e.toString());
    }

    @Test
    void aBodyLongerThanItsContentLengthFailsTheFetch() throws Exception {
        long size = 4 << 20;
        serve(1, size, size + 1000);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> get(0).get(20, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("longer than its Content-Length"), e.toString());
    }
}
