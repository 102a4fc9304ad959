package org.bootnode.dhcp.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.bootnode.dhcp.ClientPackets;
import org.bootnode.dhcp.DhcpCodec;
import org.bootnode.dhcp.DhcpDecodeException;
import org.bootnode.dhcp.DhcpMessage;
import org.bootnode.dhcp.DhcpMessageType;
import org.bootnode.dhcp.FuzzCount;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.OptionKey;
import org.bootnode.dhcp.SubOptions;
import org.bootnode.dhcp.internal.Inet4;
import org.bootnode.dhcp.server.DhcpEvent;
import org.bootnode.dhcp.server.DhcpListener;
import org.bootnode.dhcp.server.DhcpServer;
import org.bootnode.dhcp.server.DhcpServerConfig;
import org.bootnode.dhcp.server.IgnoreReason;
import org.bootnode.dhcp.lease.Reservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@link DhcpServer} on loopback (its socket, its event loop, its lease journal) under the
 * hostile mix of {@link DhcpProcessorFuzzTest} (a tenth of {@link FuzzCount} packets, at least
 * 2,000): every datagram is reported as received and then once more as an event or as ignored;
 * the server still answers a normal DISCOVER and REQUEST; its lease table stays bounded; after
 * close it holds no file descriptor more than before.
 */
class DhcpServerSoakTest {
    static final Inet4Address LOOPBACK = Inet4.parse("127.0.0.1");

    @TempDir
    Path dir;

    /** Counts what the server reports. */
    static final class Counting implements DhcpListener {
        final AtomicLong received = new AtomicLong();
        final AtomicLong outcomes = new AtomicLong();

        @Override public void received(int bytes) { received.incrementAndGet(); }
        @Override public void offer(DhcpEvent e) { outcomes.incrementAndGet(); }
        @Override public void ack(DhcpEvent e) { outcomes.incrementAndGet(); }
        @Override public void nak(DhcpEvent e) { outcomes.incrementAndGet(); }
        @Override public void decline(DhcpEvent e) { outcomes.incrementAndGet(); }
        @Override public void release(DhcpEvent e) { outcomes.incrementAndGet(); }
        @Override public void inform(DhcpEvent e) { outcomes.incrementAndGet(); }
        @Override public void ignored(MacAddress mac, IgnoreReason reason) { outcomes.incrementAndGet(); }
    }

    /** The offset of giaddr in the BOOTP header. */
    static final int GIADDR = 24;

    /** Option 82 with sub-option 19, relay agent source port (RFC 8357 §5.1): empty in a request. */
    static final SubOptions RELAY_SOURCE_PORT = SubOptions.of(List.of(new SubOptions.Entry(19, new byte[0])), false);

    static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    DhcpServer server(int port, int clientPort, DhcpListener listener, Path data) throws IOException {
        DhcpServerConfig base = DhcpProcessorFuzzTest.config();
        DhcpServerConfig config = DhcpServerConfig.builder().serverAddress(base.serverAddress()).subnet(base.subnet())
                .interfaceName("lo").port(port).clientPort(clientPort).pool(base.pool().orElseThrow())
                .unknownClients(base.unknownClients()).leaseTime(base.leaseTime()).maxOffers(base.maxOffers())
                .maxDeclined(base.maxDeclined()).build();
        return DhcpServer.builder(config).reservations(List.of(new Reservation(DhcpProcessorFuzzTest.NODE,
                DhcpProcessorFuzzTest.RESERVED, "node-000"))).dataDir(data).listener(listener).build().start();
    }

    static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            return s.getLocalPort();
        }
    }

    @Test
    void everyPacketIsCountedTheServerStillAnswersAndNoDescriptorLeaks() throws Exception {
        try (DatagramSocket warm = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            server(freePort(), warm.getLocalPort(), DhcpListener.NONE, dir.resolve("warm-up")).close(); // loads classes and the native transport
        }
        long fdsBefore = openFds();
        long seed = FuzzCount.seed();
        Random r = new Random(seed);
        int n = Math.max(2000, FuzzCount.packets() / 10);
        Counting counts = new Counting();
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            client.setSoTimeout(5000);
            int port = freePort();
            try (DhcpServer server = server(port, client.getLocalPort(), counts, dir.resolve("data"))) {
                InetSocketAddress to = new InetSocketAddress(LOOPBACK, port);
                DhcpMessage template = DhcpProcessorTest.decode(ClientPackets.UDHCPC_DISCOVER);
                for (int i = 0; i < n; i++) {
                    DhcpMessage m = DhcpProcessorFuzzTest.request(r, template);
                    boolean relayed = !m.giaddr().isAnyLocalAddress();
                    if (relayed) {
                        // Replies to a relay go to giaddr at the server port: over lo, where any address may
                        // be local, that can be the server itself. A relay naming its source port (RFC 8357)
                        // gets them at the port it sent from instead; those packets are not changed on the
                        // wire, so it stays named, and no change on the wire makes a direct packet relayed.
                        m = m.toBuilder().option(OptionKey.RELAY_AGENT_INFO, RELAY_SOURCE_PORT).build();
                    }
                    byte[] wire = DhcpCodec.encode(m);
                    if (!relayed && r.nextInt(3) == 0) {
                        for (int k = 1 + r.nextInt(6); k > 0; k--) {
                            int at = r.nextInt(wire.length);
                            if (at < GIADDR || at >= GIADDR + 4) { // see above: giaddr stays 0 here
                                wire[at] = (byte) r.nextInt(256);
                            }
                        }
                    }
                    client.send(new DatagramPacket(wire, wire.length, to));
                    if (i % 200 == 199) { // paced: loopback drops what overflows a receive buffer
                        long sent = i + 1;
                        await(() -> counts.received.get() == sent, "received " + sent + " (seed " + seed + ")");
                    }
                }
                await(() -> counts.received.get() == n && counts.outcomes.get() == n,
                        "every packet counted twice (seed " + seed + ")");
                assertTrue(server.leaseStore().all().size() <= 254, "leases: " + server.leaseStore().all().size());
                // A normal client, behind a relay on loopback so that the replies come back to this socket.
                SubOptions link = SubOptions.of(List.of(new SubOptions.Entry(5, new byte[] {10, 0, 0, 0}),
                        new SubOptions.Entry(19, new byte[0])), false);
                DhcpMessage discover = DhcpProcessorTest.decode(ClientPackets.OVMF_PXE_DISCOVER).toBuilder().giaddr(LOOPBACK)
                        .option(OptionKey.RELAY_AGENT_INFO, link).build();
                DhcpMessage offer = exchange(client, to, discover, DhcpMessageType.OFFER);
                assertEquals(DhcpProcessorFuzzTest.RESERVED, offer.yiaddr());
                DhcpMessage ack = exchange(client, to, DhcpProcessorTest.request(discover, offer.yiaddr(),
                        DhcpProcessorFuzzTest.SERVER), DhcpMessageType.ACK);
                assertEquals(DhcpProcessorFuzzTest.RESERVED, ack.yiaddr());
            }
        }
        assertEquals(fdsBefore, openFds(), "file descriptors after close");
        System.out.printf("server soak: %d packets, seed %d%n", n, seed);
    }

    private static DhcpMessage exchange(DatagramSocket client, InetSocketAddress to, DhcpMessage request, DhcpMessageType want)
            throws IOException {
        byte[] wire = DhcpCodec.encode(request);
        client.send(new DatagramPacket(wire, wire.length, to));
        byte[] buf = new byte[1500];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                client.receive(p);
            } catch (SocketTimeoutException e) {
                break;
            }
            try {
                DhcpMessage m = DhcpCodec.decode(buf, 0, p.getLength());
                if (m.xid() == request.xid() && m.messageType().filter(want::equals).isPresent()) {
                    return m;
                }
            } catch (DhcpDecodeException e) {
                // a reply to a fuzzed packet: skip
            }
        }
        throw new AssertionError("no " + want + " within 5 s");
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // polls a condition, bounded
        }
    }
}
