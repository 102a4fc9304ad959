import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * bench/http's many-downloads client: CONNECTIONS downloads of PATH from 127.0.0.1:PORT, all at
 * once, each from its own loopback address (127.2.i/250.i%250+1), on one thread with one
 * selector (a boot storm's clients, without a process or thread each). At most 256 connects are
 * in flight at a time, so that neither server's accept backlog overflows. Each download reads
 * 64 KiB at a time (as Netty's reads do in bench/storm's client), and is checked: status 200 and
 * exactly Content-Length body bytes. Prints one line:
 *
 * <pre>
 * served 2000/2000 bytes 8589934592 wall 3.21 s client-cpu user 0.52 sys 2.10 s
 * </pre>
 *
 *   java ManyClient.java PORT CONNECTIONS PATH
 */
public final class ManyClient {
    private static final int IN_FLIGHT_CONNECTS = 256;
    private static final long TIMEOUT_NANOS = 300_000_000_000L;

    /** One download: its channel, its head until the blank line, then the body count. */
    private static final class Download {
        final int index;
        SocketChannel channel;
        final ByteBuffer head = ByteBuffer.allocate(4096);
        long length = -1;
        long body;
        boolean connected;
        boolean ok;
        String error;

        Download(int index) {
            this.index = index;
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int connections = Integer.parseInt(args[1]);
        String path = args[2];
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
        Download[] all = new Download[connections];
        Deque<Download> waiting = new ArrayDeque<>();
        for (int i = 0; i < connections; i++) {
            all[i] = new Download(i);
            waiting.add(all[i]);
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        long[] cpuBefore = cpu();
        long start = System.nanoTime();
        int connecting = 0;
        int finished = 0;
        try (Selector selector = Selector.open()) {
            while (finished < connections) {
                while (connecting < IN_FLIGHT_CONNECTS && !waiting.isEmpty()) {
                    Download d = waiting.poll();
                    SocketChannel ch = SocketChannel.open();
                    ch.configureBlocking(false);
                    ch.bind(new InetSocketAddress("127.2." + (d.index / 250) + "." + (d.index % 250 + 1), 0));
                    d.channel = ch;
                    ch.register(selector, SelectionKey.OP_CONNECT, d);
                    if (ch.connect(server)) {
                        ch.keyFor(selector).interestOps(SelectionKey.OP_READ);
                        ch.write(ByteBuffer.wrap(request));
                        d.connected = true;
                    } else {
                        connecting++;
                    }
                }
                if (System.nanoTime() - start > TIMEOUT_NANOS) {
                    break;
                }
                selector.select(1000);
                for (SelectionKey key : selector.selectedKeys()) {
                    Download d = (Download) key.attachment();
                    try {
                        if (key.isConnectable()) {
                            d.channel.finishConnect();
                            connecting--;
                            d.connected = true;
                            key.interestOps(SelectionKey.OP_READ);
                            ByteBuffer r = ByteBuffer.wrap(request);
                            while (r.hasRemaining()) {
                                d.channel.write(r);
                            }
                        } else if (key.isReadable() && read(d, buffer)) {
                            key.cancel();
                            d.channel.close();
                            finished++;
                        }
                    } catch (IOException e) {
                        if (!d.connected) {
                            connecting--;
                        }
                        key.cancel();
                        d.channel.close();
                        d.error = e.toString();
                        finished++;
                    }
                }
                selector.selectedKeys().clear();
            }
        }
        long wall = System.nanoTime() - start;
        long[] cpuAfter = cpu();
        int served = 0;
        long bytes = 0;
        String firstError = null;
        for (Download d : all) {
            served += d.ok ? 1 : 0;
            bytes += d.body;
            if (!d.ok && firstError == null) {
                firstError = d.error == null ? "unfinished" : d.error;
            }
        }
        System.out.printf("served %d/%d bytes %d wall %.2f s client-cpu user %.2f sys %.2f s%s%n", served, connections, bytes,
                wall / 1e9, (cpuAfter[0] - cpuBefore[0]) / 100.0, (cpuAfter[1] - cpuBefore[1]) / 100.0,
                firstError == null ? "" : " first error: " + firstError);
    }

    /** Reads what is there; true once the download ended (whole or not). */
    private static boolean read(Download d, ByteBuffer buffer) throws IOException {
        while (true) {
            buffer.clear();
            int n = d.channel.read(buffer);
            if (n < 0) {
                d.ok = d.length >= 0 && d.body == d.length;
                if (!d.ok) {
                    d.error = "closed after " + d.body + " of " + d.length + " body bytes";
                }
                return true;
            }
            if (n == 0) {
                return false;
            }
            buffer.flip();
            if (d.length < 0) {
                while (buffer.hasRemaining() && d.length < 0) {
                    if (!d.head.hasRemaining()) {
                        d.error = "head over 4 KiB";
                        return true;
                    }
                    d.head.put(buffer.get());
                    d.length = parseHead(d);
                    if (d.length == -2) {
                        return true;
                    }
                }
            }
            d.body += buffer.remaining();
            if (d.length >= 0 && d.body > d.length) {
                d.error = "more than Content-Length";
                return true;
            }
        }
    }

    /** Content-Length once the head is whole, -1 before, -2 when it is not a 200 with a length. */
    private static long parseHead(Download d) {
        int p = d.head.position();
        byte[] h = d.head.array();
        if (p < 4 || h[p - 4] != '\r' || h[p - 3] != '\n' || h[p - 2] != '\r' || h[p - 1] != '\n') {
            return -1;
        }
        String head = new String(h, 0, p, StandardCharsets.ISO_8859_1);
        if (!head.startsWith("HTTP/1.1 200")) {
            d.error = head.lines().findFirst().orElse("");
            return -2;
        }
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                return Long.parseLong(line.substring(15).strip());
            }
        }
        d.error = "no Content-Length";
        return -2;
    }

    /** This process's user and system CPU so far, in clock ticks (USER_HZ, 100 on Linux). */
    private static long[] cpu() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    }
}
