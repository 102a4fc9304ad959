package org.bootnode.dhcp.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.bootnode.dhcp.ClientId;
import org.bootnode.dhcp.ClientPackets;
import org.bootnode.dhcp.DhcpCodec;
import org.bootnode.dhcp.DhcpMessage;
import org.bootnode.dhcp.DhcpMessageType;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.OptionKey;
import org.bootnode.dhcp.lease.InMemoryLeaseStore;
import org.bootnode.dhcp.lease.Lease;
import org.bootnode.dhcp.lease.LeaseStore;
import org.bootnode.dhcp.lease.Reservation;
import org.bootnode.dhcp.lease.StaticAddressPolicy;
import org.bootnode.dhcp.lease.UnknownClients;
import org.bootnode.dhcp.pxe.BootPolicy;
import org.bootnode.dhcp.server.DhcpEvent;
import org.bootnode.dhcp.server.DhcpListener;
import org.bootnode.dhcp.server.IgnoreReason;
import org.junit.jupiter.api.Test;

class DhcpChannelHandlerTest {
    static final Inet4Address SERVER = DhcpProcessorTest.SERVER;
    static final InetSocketAddress CLIENT = new InetSocketAddress(DhcpProcessorTest.ip("0.0.0.0"), 68);

    /** A store whose writes become durable only when the test says so. */
    static final class ManualStore implements LeaseStore {
        final InMemoryLeaseStore memory = new InMemoryLeaseStore();
        final List<CompletableFuture<Void>> pending = new ArrayList<>();

        @Override public Optional<Lease> byClient(MacAddress mac, ClientId id) { return memory.byClient(mac, id); }
        @Override public Optional<Lease> byAddress(Inet4Address a) { return memory.byAddress(a); }
        @Override public CompletionStage<Void> put(Lease lease) {
            memory.put(lease);
            CompletableFuture<Void> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }
        @Override public CompletionStage<Void> release(MacAddress mac, ClientId id, Inet4Address a) { return memory.release(mac, id, a); }
        @Override public Collection<Lease> all() { return memory.all(); }
        @Override public void close() { }
    }

    final List<String> events = new ArrayList<>();
    final DhcpListener listener = new DhcpListener() {
        @Override public void ack(DhcpEvent e) { events.add("ack " + e.address().getHostAddress()); }
        @Override public void offer(DhcpEvent e) { events.add("offer " + e.address().getHostAddress()); }
        @Override public void ignored(MacAddress mac, IgnoreReason r) { events.add("ignored " + r.getClass().getSimpleName()); }
    };

    EmbeddedChannel channel(LeaseStore store, int maxPending) {
        var config = DhcpProcessorTest.config().build();
        var policy = StaticAddressPolicy.of(List.of(new Reservation(DhcpProcessorTest.NODE, DhcpProcessorTest.ip("10.0.0.10"), "node-000")));
        var processor = new DhcpProcessor(config, () -> policy, BootPolicy.NONE, store);
        return new EmbeddedChannel(new DhcpChannelHandler(processor, store, listener,
                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), false, maxPending, new AtomicInteger()));
    }

    static DatagramPacket packet(DhcpMessage m) {
        return new DatagramPacket(Unpooled.wrappedBuffer(DhcpCodec.encode(m)), new InetSocketAddress(67), CLIENT);
    }

    static DhcpMessage read(EmbeddedChannel ch) throws Exception {
        DatagramPacket p = ch.readOutbound();
        if (p == null) {
            return null;
        }
        try {
            return DhcpCodec.decode(ByteBufUtil.getBytes(p.content()));
        } finally {
            p.release();
        }
    }

    @Test
    void ackLeavesOnlyAfterTheLeaseIsDurable() throws Exception {
        ManualStore store = new ManualStore();
        EmbeddedChannel ch = channel(store, 10);
        DhcpMessage discover = DhcpCodec.decode(ClientPackets.UDHCPC_DISCOVER);
        ch.writeInbound(packet(discover));
        assertEquals(DhcpMessageType.OFFER, read(ch).messageType().orElseThrow());

        ch.writeInbound(packet(discover.toBuilder().messageType(DhcpMessageType.REQUEST)
                .option(OptionKey.REQUESTED_ADDRESS, DhcpProcessorTest.ip("10.0.0.10")).option(OptionKey.SERVER_ID, SERVER).build()));
        ch.runPendingTasks();
        assertNull(read(ch), "no ACK before the lease is on disk");
        assertEquals(List.of("offer 10.0.0.10"), events);

        store.pending.get(0).complete(null);
        ch.runPendingTasks();
        DhcpMessage ack = read(ch);
        assertEquals(DhcpMessageType.ACK, ack.messageType().orElseThrow());
        assertEquals(List.of("offer 10.0.0.10", "ack 10.0.0.10"), events);
    }

    @Test
    void acksOfOneJournalBatchLeaveTogetherWithOneFlush() throws Exception {
        ManualStore store = new ManualStore();
        var config = DhcpProcessorTest.config().unknownClients(UnknownClients.POOL).build();
        var policy = StaticAddressPolicy.of(List.of(), config.pool().orElseThrow(), config.unknownClients());
        var processor = new DhcpProcessor(config, () -> policy, BootPolicy.NONE, store);
        AtomicInteger flushes = new AtomicInteger();
        EmbeddedChannel ch = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                flushes.incrementAndGet();
                ctx.flush();
            }
        }, new DhcpChannelHandler(processor, store, listener, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC),
                false, 10, new AtomicInteger()));
        DhcpMessage udhcpc = DhcpCodec.decode(ClientPackets.UDHCPC_DISCOVER);
        ch.writeInbound(packet(DhcpProcessorTest.request(DhcpProcessorTest.withMac(udhcpc, "02:00:00:00:00:0a"),
                DhcpProcessorTest.ip("10.0.0.100"), null)), packet(DhcpProcessorTest.request(
                DhcpProcessorTest.withMac(udhcpc, "02:00:00:00:00:0b"), DhcpProcessorTest.ip("10.0.0.101"), null)));
        assertEquals(2, store.pending.size());
        int before = flushes.get();
        store.pending.forEach(f -> f.complete(null)); // one fsync completes the batch
        ch.runPendingTasks();
        assertEquals(DhcpMessageType.ACK, read(ch).messageType().orElseThrow());
        assertEquals(DhcpMessageType.ACK, read(ch).messageType().orElseThrow());
        assertEquals(before + 1, flushes.get(), "one flush (one sendmmsg) for the batch");
        assertEquals(List.of("ack 10.0.0.100", "ack 10.0.0.101"), events);
    }

    @Test
    void failedStoreMeansNoAck() throws Exception {
        ManualStore store = new ManualStore();
        EmbeddedChannel ch = channel(store, 10);
        DhcpMessage discover = DhcpCodec.decode(ClientPackets.UDHCPC_DISCOVER);
        ch.writeInbound(packet(discover.toBuilder().messageType(DhcpMessageType.REQUEST)
                .option(OptionKey.REQUESTED_ADDRESS, DhcpProcessorTest.ip("10.0.0.10")).option(OptionKey.SERVER_ID, SERVER).build()));
        store.pending.get(0).completeExceptionally(new IOException("disk full"));
        ch.runPendingTasks();
        assertNull(read(ch));
        assertEquals(List.of("ignored StoreFailed"), events);
    }

    @Test
    void tooManyPendingAcksAreDroppedAsOverload() throws Exception {
        ManualStore store = new ManualStore();
        EmbeddedChannel ch = channel(store, 1);
        DhcpMessage request = DhcpCodec.decode(ClientPackets.UDHCPC_DISCOVER).toBuilder().messageType(DhcpMessageType.REQUEST)
                .option(OptionKey.REQUESTED_ADDRESS, DhcpProcessorTest.ip("10.0.0.10")).option(OptionKey.SERVER_ID, SERVER).build();
        ch.writeInbound(packet(request));
        ch.writeInbound(packet(request));
        assertEquals(List.of("ignored Overloaded"), events);
        assertEquals(1, store.pending.size());
    }

    @Test
    void garbageIsCountedAsMalformedAndTheNextPacketIsServed() throws Exception {
        EmbeddedChannel ch = channel(new InMemoryLeaseStore(), 10);
        ch.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}), new InetSocketAddress(67), CLIENT));
        ch.writeInbound(packet(DhcpCodec.decode(ClientPackets.UDHCPC_DISCOVER)));
        assertEquals(List.of("ignored Malformed", "offer 10.0.0.10"), events);
        assertTrue(ch.isOpen());
    }
}
