import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * bench/overlay's client: NODES threads, each bound to its node's own loopback address
 * (127.1.i/250.i%250+1), wait at one gate, then each connects to 127.0.0.1:PORT and GETs its
 * node's overlay (/nodes/MAC/overlay, MAC fc:ab:00:00:HH:LL). Prints one line: how many got
 * 200 and the whole body, and the latencies (gate to last byte) p50, p99 and max in ms, and the
 * wall time. With SAVE_DIR, writes each body to SAVE_DIR/nodes/MAC/overlay (nginx's files).
 *
 *   java LoadClient.java PORT NODES [SAVE_DIR]
 */
public final class LoadClient {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int nodes = Integer.parseInt(args[1]);
        Path save = args.length > 2 ? Path.of(args[2]) : null;
        long[] latency = new long[nodes];
        boolean[] ok = new boolean[nodes];
        String[] error = new String[nodes];
        CountDownLatch ready = new CountDownLatch(nodes);
        CountDownLatch gate = new CountDownLatch(1);
        Thread[] threads = new Thread[nodes];
        long[] start = new long[1];
        for (int i = 0; i < nodes; i++) {
            int n = i;
            threads[i] = new Thread(() -> {
                String local = "127.1." + (n / 250) + "." + (n % 250 + 1);
                String mac = String.format("fc:ab:00:00:%02x:%02x", n >> 8, n & 0xff);
                ready.countDown();
                try {
                    gate.await();
                    try (Socket s = new Socket()) {
                        s.bind(new InetSocketAddress(local, 0));
                        s.setSoTimeout(60_000);
                        s.connect(new InetSocketAddress("127.0.0.1", port), 60_000);
                        OutputStream out = s.getOutputStream();
                        out.write(("GET /nodes/" + mac + "/overlay HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        InputStream in = s.getInputStream();
                        ByteArrayOutputStream all = new ByteArrayOutputStream();
                        in.transferTo(all);
                        latency[n] = System.nanoTime() - start[0];
                        byte[] raw = all.toByteArray();
                        String head = new String(raw, 0, Math.min(raw.length, 1024), StandardCharsets.ISO_8859_1);
                        int end = head.indexOf("\r\n\r\n");
                        int at = head.toLowerCase().indexOf("content-length: ");
                        long length = at < 0 ? -1 : Long.parseLong(head.substring(at + 16, head.indexOf("\r\n", at)).strip());
                        ok[n] = head.startsWith("HTTP/1.1 200") && end > 0 && raw.length - end - 4 == length;
                        if (!ok[n]) {
                            error[n] = head.lines().findFirst().orElse("(nothing)");
                        } else if (save != null) {
                            Path file = save.resolve("nodes/" + mac + "/overlay");
                            Files.createDirectories(file.getParent());
                            Files.write(file, Arrays.copyOfRange(raw, end + 4, raw.length));
                        }
                    }
                } catch (Exception e) {
                    latency[n] = System.nanoTime() - start[0];
                    error[n] = e.toString();
                }
            });
            threads[i].start();
        }
        ready.await();
        start[0] = System.nanoTime();
        gate.countDown();
        for (Thread t : threads) {
            t.join();
        }
        long wall = Arrays.stream(latency).max().orElse(0);
        long[] sorted = latency.clone();
        Arrays.sort(sorted);
        int served = 0;
        String firstError = null;
        for (int i = 0; i < nodes; i++) {
            served += ok[i] ? 1 : 0;
            if (!ok[i] && firstError == null) {
                firstError = error[i];
            }
        }
        System.out.printf("served %d/%d p50 %.1f p99 %.1f max %.1f ms%s%n", served, nodes, sorted[nodes / 2] / 1e6,
                sorted[(int) Math.ceil(nodes * 0.99) - 1] / 1e6, wall / 1e6, firstError == null ? "" : " first error: " + firstError);
    }
}
