package org.bootnode.tftp.interop;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A lossy, reordering UDP relay in front of a TFTP server, for kernels without {@code sch_netem}
 * (this machine's has none: {@code tc qdisc add ... netem} answers "Specified qdisc kind is
 * unknown"). It is a small NAT: a client's packets to the relay port go to the server's request
 * port; each server TID port gets a relay port of its own, so clients see one TID per transfer
 * as they would without the relay. Each packet, both ways, is dropped with probability
 * {@code loss}, and a share {@code reorder} of the rest is held back 2..12 ms so later packets
 * overtake it.
 */
final class ImpairedRelay implements AutoCloseable {
    private final InetAddress host;
    private final InetSocketAddress server;
    private final double loss;
    private final double reorder;
    private final Random random = new Random(42);
    private final DatagramSocket front;
    private final Map<InetSocketAddress, Flow> flows = new ConcurrentHashMap<>();
    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor();
    private final List<Thread> threads = new ArrayList<>();
    private final List<DatagramSocket> sockets = new ArrayList<>();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong delayed = new AtomicLong();
    private volatile boolean closed;

    ImpairedRelay(InetAddress host, InetSocketAddress server, double loss, double reorder) throws SocketException {
        this.host = host;
        this.server = server;
        this.loss = loss;
        this.reorder = reorder;
        this.front = open();
        loop(front, (p) -> flow((InetSocketAddress) p.getSocketAddress()).toServer(p, server));
    }

    /** Where clients send their requests. */
    int port() {
        return front.getLocalPort();
    }

    /** One client: an upstream socket towards the server and a relay port per server TID. */
    private final class Flow {
        final InetSocketAddress client;
        final DatagramSocket upstream;
        final Map<Integer, DatagramSocket> downstream = new ConcurrentHashMap<>();

        Flow(InetSocketAddress client) throws SocketException {
            this.client = client;
            this.upstream = open();
            loop(upstream, p -> {
                int tid = p.getPort();
                DatagramSocket down = downstream.computeIfAbsent(tid, t -> {
                    try {
                        DatagramSocket d = open();
                        InetSocketAddress serverTid = new InetSocketAddress(server.getAddress(), t);
                        loop(d, q -> toServer(q, serverTid));
                        return d;
                    } catch (SocketException e) {
                        throw new IllegalStateException(e);
                    }
                });
                forward(down, p, client);
            });
        }

        void toServer(DatagramPacket p, InetSocketAddress to) {
            forward(upstream, p, to);
        }
    }

    private Flow flow(InetSocketAddress client) {
        return flows.computeIfAbsent(client, c -> {
            try {
                return new Flow(c);
            } catch (SocketException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void forward(DatagramSocket via, DatagramPacket p, InetSocketAddress to) {
        byte[] copy = Arrays.copyOf(p.getData(), p.getLength());
        double r;
        synchronized (random) {
            r = random.nextDouble();
        }
        if (r < loss) {
            dropped.incrementAndGet();
            return;
        }
        Runnable send = () -> {
            try {
                via.send(new DatagramPacket(copy, copy.length, to));
            } catch (IOException e) {
                // closed while in flight
            }
        };
        if (r < loss + reorder * (1 - loss)) {
            delayed.incrementAndGet();
            long ms;
            synchronized (random) {
                ms = 2 + random.nextInt(11);
            }
            delays.schedule(send, ms, TimeUnit.MILLISECONDS);
        } else {
            send.run();
        }
    }

    private synchronized DatagramSocket open() throws SocketException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(host, 0));
        s.setReceiveBufferSize(4 << 20);
        sockets.add(s);
        return s;
    }

    private synchronized void loop(DatagramSocket s, Consumer<DatagramPacket> handler) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[70_000];
            while (!closed) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    s.receive(p);
                } catch (IOException e) {
                    return; // closed
                }
                handler.accept(p);
            }
        }, "relay-" + s.getLocalPort());
        t.setDaemon(true);
        t.start();
        threads.add(t);
    }

    @Override
    public void close() throws InterruptedException {
        List<Thread> running;
        synchronized (this) {
            closed = true;
            sockets.forEach(DatagramSocket::close);
            running = List.copyOf(threads);
        }
        delays.shutdownNow();
        for (Thread t : running) {
            t.join(5000);
        }
    }
}
