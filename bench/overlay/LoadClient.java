import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * bench/overlay's Java client, run with CLIENT=java for one release (run.sh's default is loadclient.c,
 * which does the same on less CPU): NODES connections, each bound to its node's own loopback address
 * (127.1.i/250.i%250+1), driven by THREADS selector threads (default 1; run.sh uses 2), not a
 * thread per node: a thousand client threads on two cores measure the client. Every socket is
 * opened and bound before the gate; at the gate each thread starts the connects of its share at
 * once, writes {@code GET /nodes/MAC/overlay} (MAC fc:ab:00:00:HH:LL) as soon as a connect
 * completes and reads to the end (Connection: close). Prints one line: how many got 200 and the
 * whole body (Content-Length checked); p50, p99 and max in ms from the gate to the last byte (what
 * a node waits when all power on at once, the client's own queue of connects included); p50 and
 * p99 from each connection's own connect(2) to its last byte (the server's and the kernel's
 * share, without the time the client took to get to that connect); the client threads' CPU
 * time, and the user part of it. With SAVE_DIR, writes each body to SAVE_DIR/nodes/MAC/overlay (nginx's files).
 *
 *   java LoadClient.java PORT NODES [SAVE_DIR] [THREADS]
 */
public final class LoadClient {
    private static final long TIMEOUT_NANOS = 60_000_000_000L;

    /** One node's connection: its buffer grows to hold the whole answer. */
    private static final class Conn {
        final int node;
        final SocketChannel channel;
        final ByteBuffer request;
        byte[] answer = new byte[32 * 1024];
        int length;
        long latency = -1;
        /** When its connect(2) was called, for the latency from its own connect. */
        long connected;
        String error;

        Conn(int node, SocketChannel channel, String mac) {
            this.node = node;
            this.channel = channel;
            this.request = ByteBuffer.wrap(("GET /nodes/" + mac + "/overlay HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }

        void append(ByteBuffer b) {
            int n = b.remaining();
            if (length + n > answer.length) {
                answer = Arrays.copyOf(answer, Math.max(answer.length * 2, length + n));
            }
            b.get(answer, length, n);
            length += n;
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int nodes = Integer.parseInt(args[1]);
        Path save = args.length > 2 && !args[2].isEmpty() ? Path.of(args[2]) : null;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
        Conn[] conns = new Conn[nodes];
        for (int n = 0; n < nodes; n++) {
            SocketChannel ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.bind(new InetSocketAddress("127.1." + (n / 250) + "." + (n % 250 + 1), 0));
            conns[n] = new Conn(n, ch, String.format("fc:ab:00:00:%02x:%02x", n >> 8, n & 0xff));
        }
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch gate = new CountDownLatch(1);
        long[] start = new long[1];
        long[] cpu = new long[threads];
        long[] user = new long[threads];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int first = t;
            workers[t] = new Thread(() -> {
                try (Selector selector = Selector.open()) {
                    ready.countDown();
                    gate.await();
                    run(selector, conns, first, threads, server, start[0]);
                    cpu[first] = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                    user[first] = ManagementFactory.getThreadMXBean().getCurrentThreadUserTime();
                } catch (Exception e) {
                    for (int n = first; n < nodes; n += threads) {
                        if (conns[n].error == null && conns[n].latency < 0) {
                            conns[n].error = e.toString();
                        }
                    }
                }
            }, "load-" + t);
            workers[t].start();
        }
        ready.await();
        start[0] = System.nanoTime();
        gate.countDown();
        for (Thread w : workers) {
            w.join();
        }
        long[] latency = new long[nodes];
        long[] own = new long[nodes];
        int served = 0;
        String firstError = null;
        for (Conn c : conns) {
            String problem = c.error != null ? c.error : check(c, save);
            latency[c.node] = c.latency >= 0 ? c.latency : TIMEOUT_NANOS;
            own[c.node] = c.latency >= 0 ? c.latency - (c.connected - start[0]) : TIMEOUT_NANOS;
            if (problem == null) {
                served++;
            } else if (firstError == null) {
                firstError = problem;
            }
        }
        long[] sorted = latency.clone();
        Arrays.sort(sorted);
        Arrays.sort(own);
        System.out.printf("served %d/%d p50 %.1f p99 %.1f max %.1f ms; from its connect p50 %.1f p99 %.1f ms; client CPU %d ms (user %d)%s%n",
                served, nodes, sorted[nodes / 2] / 1e6, sorted[p99(nodes)] / 1e6, sorted[nodes - 1] / 1e6,
                own[nodes / 2] / 1e6, own[p99(nodes)] / 1e6, Arrays.stream(cpu).sum() / 1_000_000,
                Arrays.stream(user).sum() / 1_000_000,
                firstError == null ? "" : " first error: " + firstError);
    }

    private static int p99(int n) {
        return (int) Math.ceil(n * 0.99) - 1;
    }

    /** Drives the connections first, first + step, ... to their end or the timeout. */
    private static void run(Selector selector, Conn[] conns, int first, int step, InetSocketAddress server, long start)
            throws IOException {
        int open = 0;
        for (int n = first; n < conns.length; n += step) {
            Conn c = conns[n];
            try {
                c.connected = System.nanoTime();
                if (c.channel.connect(server)) {
                    send(c.channel.register(selector, 0, c));
                } else {
                    c.channel.register(selector, SelectionKey.OP_CONNECT, c);
                }
                open++;
            } catch (IOException e) {
                c.error = "connect: " + e;
                c.latency = System.nanoTime() - start;
                c.channel.close();
            }
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
        while (open > 0) {
            long left = start + TIMEOUT_NANOS - System.nanoTime();
            if (left <= 0) {
                for (SelectionKey k : selector.keys()) {
                    ((Conn) k.attachment()).error = "timed out after 60 s";
                    k.channel().close();
                }
                return;
            }
            selector.select(Math.max(1, left / 1_000_000));
            var it = selector.selectedKeys().iterator();
            while (it.hasNext()) {
                SelectionKey k = it.next();
                it.remove();
                Conn c = (Conn) k.attachment();
                try {
                    if (k.isConnectable()) {
                        c.channel.finishConnect();
                        send(k);
                    } else if (k.isWritable()) {
                        send(k);
                    } else if (k.isReadable()) {
                        int r;
                        while ((r = c.channel.read(buffer.clear())) > 0) {
                            c.append(buffer.flip());
                        }
                        if (r < 0) {
                            c.latency = System.nanoTime() - start;
                            k.cancel();
                            c.channel.close();
                            open--;
                        }
                    }
                } catch (IOException e) {
                    c.error = e.toString();
                    c.latency = System.nanoTime() - start;
                    k.cancel();
                    c.channel.close();
                    open--;
                }
            }
        }
    }

    /**
     * Writes the request as soon as the connection is up, without waiting for the selector to
     * say the socket is writable (a fresh socket always is): one select round and one
     * epoll_ctl fewer per connection, for either server alike. Then waits to read, or to write
     * the rest.
     */
    private static void send(SelectionKey k) throws IOException {
        Conn c = (Conn) k.attachment();
        c.channel.write(c.request);
        k.interestOps(c.request.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    /** What is wrong with an answer, or null: 200 and a body of its Content-Length. Saves the body when asked. */
    private static String check(Conn c, Path save) throws IOException {
        String head = new String(c.answer, 0, Math.min(c.length, 1024), StandardCharsets.ISO_8859_1);
        int end = head.indexOf("\r\n\r\n");
        int at = head.toLowerCase().indexOf("content-length: ");
        long length = at < 0 ? -1 : Long.parseLong(head.substring(at + 16, head.indexOf("\r\n", at)).strip());
        if (!head.startsWith("HTTP/1.1 200") || end < 0 || c.length - end - 4 != length) {
            return head.isEmpty() ? "(nothing)" : head.lines().findFirst().orElse("(nothing)");
        }
        if (save != null) {
            Path file = save.resolve(String.format("nodes/fc:ab:00:00:%02x:%02x/overlay", c.node >> 8, c.node & 0xff));
            Files.createDirectories(file.getParent());
            Files.write(file, Arrays.copyOfRange(c.answer, end + 4, c.length));
        }
        return null;
    }
}
