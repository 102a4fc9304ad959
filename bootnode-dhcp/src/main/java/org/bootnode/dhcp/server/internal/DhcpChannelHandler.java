package org.bootnode.dhcp.server.internal;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.time.Clock;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bootnode.dhcp.DhcpCodec;
import org.bootnode.dhcp.DhcpDecodeException;
import org.bootnode.dhcp.DhcpMessage;
import org.bootnode.dhcp.lease.LeaseStore;
import org.bootnode.dhcp.server.DhcpListener;
import org.bootnode.dhcp.server.IgnoreReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty glue: decode, let {@link DhcpProcessor} decide, send. An ACK waits for its lease to
 * be durable off the event loop, then leaves from the event loop.
 *
 * <p>Replies are written as they are decided and flushed once per read burst, and the ACKs of
 * one journal batch come back to the event loop as one task and leave with one flush: Netty's
 * epoll transport then sends them with one {@code sendmmsg}. One instance per channel: its
 * flush flag belongs to that channel's event loop.
 */
public final class DhcpChannelHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger log = LoggerFactory.getLogger("org.bootnode.dhcp");

    private final DhcpProcessor processor;
    private final LeaseStore leases;
    private final Events events;
    private final Clock clock;
    private final boolean proxyPort;
    private final int maxPendingAcks;
    private final AtomicInteger pendingAcks;
    /** ACKs whose lease store write finished (or failed), waiting for the event loop. */
    private final Queue<Durable> durable = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** Whether replies were written since the last flush. Event loop only. */
    private boolean unflushed;

    private record Durable(Outcome.Send send, Throwable error) { }

    public DhcpChannelHandler(DhcpProcessor processor, LeaseStore leases, DhcpListener listener, Clock clock,
                              boolean proxyPort, int maxPendingAcks, AtomicInteger pendingAcks) {
        this.processor = processor;
        this.leases = leases;
        this.events = new Events(listener);
        this.clock = clock;
        this.proxyPort = proxyPort;
        this.maxPendingAcks = maxPendingAcks;
        this.pendingAcks = pendingAcks;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        events.received(packet.content().readableBytes());
        DhcpMessage request;
        try {
            request = DhcpCodec.decode(ByteBufUtil.getBytes(packet.content()));
        } catch (DhcpDecodeException e) {
            events.ignored(null, new IgnoreReason.Malformed(e), packet.sender());
            return;
        }
        Outcome outcome = processor.process(request, packet.sender(), proxyPort, clock.instant());
        if (outcome instanceof Outcome.Ignore i) {
            events.ignored(i.mac(), i.reason(), packet.sender());
        } else if (outcome instanceof Outcome.Noted n) {
            events.report(n.event(), n.detail(), n.warning());
        } else if (outcome instanceof Outcome.Send s && s.durableFirst() == null) {
            send(ctx, s);
        } else if (outcome instanceof Outcome.Send s) {
            sendWhenDurable(ctx, s);
        }
    }

    private void sendWhenDurable(ChannelHandlerContext ctx, Outcome.Send s) {
        if (pendingAcks.incrementAndGet() > maxPendingAcks) {
            pendingAcks.decrementAndGet();
            events.ignored(s.detail().mac(), new IgnoreReason.Overloaded(), null);
            return;
        }
        leases.put(s.durableFirst()).whenComplete((ok, error) -> {
            durable.add(new Durable(s, error));
            if (drainScheduled.compareAndSet(false, true)) { // one event loop task per journal batch
                ctx.executor().execute(() -> drainDurable(ctx));
            }
        });
    }

    private void drainDurable(ChannelHandlerContext ctx) {
        drainScheduled.set(false); // before polling: an ACK added after the last poll schedules a new drain
        for (Durable d; (d = durable.poll()) != null; ) {
            pendingAcks.decrementAndGet();
            if (d.error() != null) {
                events.ignored(d.send().detail().mac(), new IgnoreReason.StoreFailed(d.error()), null);
            } else {
                send(ctx, d.send());
            }
        }
        flush(ctx);
    }

    private void send(ChannelHandlerContext ctx, Outcome.Send s) {
        byte[] bytes = DhcpCodec.encode(s.reply());
        ctx.write(new DatagramPacket(Unpooled.wrappedBuffer(bytes), s.to())).addListener(f -> {
            if (!f.isSuccess()) {
                log.warn("DHCP {} to {} for {} failed: {}", s.event(), s.to(), s.detail().mac(), f.cause().toString());
            }
        });
        unflushed = true;
        events.report(s.event(), s.detail());
    }

    private void flush(ChannelHandlerContext ctx) {
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flush(ctx);
        ctx.fireChannelReadComplete();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("DHCP handler error", cause);
    }
}
