package org.bootnode.dhcp.server.internal;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.time.Clock;
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
 */
@ChannelHandler.Sharable
public final class DhcpChannelHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger log = LoggerFactory.getLogger("org.bootnode.dhcp");

    private final DhcpProcessor processor;
    private final LeaseStore leases;
    private final Events events;
    private final Clock clock;
    private final boolean proxyPort;
    private final int maxPendingAcks;
    private final AtomicInteger pendingAcks;

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
            events.report(n.event(), n.detail());
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
        leases.put(s.durableFirst()).whenComplete((ok, error) -> ctx.executor().execute(() -> {
            pendingAcks.decrementAndGet();
            if (error != null) {
                events.ignored(s.detail().mac(), new IgnoreReason.StoreFailed(error), null);
            } else {
                send(ctx, s);
            }
        }));
    }

    private void send(ChannelHandlerContext ctx, Outcome.Send s) {
        byte[] bytes = DhcpCodec.encode(s.reply());
        ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), s.to())).addListener(f -> {
            if (!f.isSuccess()) {
                log.warn("DHCP {} to {} for {} failed: {}", s.event(), s.to(), s.detail().mac(), f.cause().toString());
            }
        });
        events.report(s.event(), s.detail());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("DHCP handler error", cause);
    }
}
