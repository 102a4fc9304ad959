package org.bootnode.storm;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.bootnode.dhcp.DhcpCodec;
import org.bootnode.dhcp.DhcpDecodeException;
import org.bootnode.dhcp.DhcpMessage;
import org.bootnode.dhcp.DhcpOp;

/**
 * The relay agent that speaks for every simulated node: one UDP socket bound to the relay's
 * address and port 67, from which relayed requests go to the server and to which the server
 * sends its replies (RFC 2131 §4.1: a reply to a relayed request goes to giaddr, port 67).
 * Replies are matched to the waiting exchange by xid and chaddr.
 *
 * <p>An exchange resends its request on the firmware's schedule (the same xid, as PXE ROMs and
 * iPXE do) and fails when the last wait runs out. At most {@code maxPending} exchanges wait at
 * once: one per node.
 */
final class DhcpRelay implements AutoCloseable {
    private final Channel channel;
    private final InetSocketAddress server;
    private final int maxPending;
    private final Answers answers;
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong unmatched = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();

    private final class Pending {
        final DhcpMessage request;
        final Predicate<DhcpMessage> accept;
        final List<Duration> waits;
        final CompletableFuture<DhcpMessage> result = new CompletableFuture<>();
        int attempt;
        ScheduledFuture<?> timer;

        Pending(DhcpMessage request, Predicate<DhcpMessage> accept, List<Duration> waits) {
            this.request = request;
            this.accept = accept;
            this.waits = waits;
        }
    }

    private DhcpRelay(Channel channel, InetSocketAddress server, int maxPending) {
        this.channel = channel;
        this.server = server;
        this.maxPending = maxPending;
        this.answers = new Answers(8 * maxPending + 1024);
    }

    /** When the server's replies came (each reply that decodes, matched or not). */
    Answers answers() {
        return answers;
    }

    /** Binds {@code relay} (its address becomes giaddr) and relays to {@code server}. */
    static DhcpRelay open(Loops loops, InetSocketAddress relay, InetSocketAddress server, int maxPending)
            throws InterruptedException {
        DhcpRelay[] self = new DhcpRelay[1];
        Channel ch = new Bootstrap()
                .group(loops.relayGroup())
                .channel(loops.datagram())
                .option(ChannelOption.SO_RCVBUF, 8 << 20)
                .option(ChannelOption.SO_SNDBUF, 8 << 20)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                        self[0].received(p.content());
                    }
                })
                .bind(relay).sync().channel();
        self[0] = new DhcpRelay(ch, server, maxPending);
        return self[0];
    }

    /**
     * Sends {@code request} (xid from {@code xids} until one is free) and completes with the
     * first reply that {@code accept} takes, or with a {@link TimeoutException} when the waits
     * of {@code waits} have all passed, resending after each but the last.
     */
    CompletableFuture<DhcpMessage> exchange(IntFunction<DhcpMessage> requestWithXid, IntFunction<Integer> xids,
                                            Predicate<DhcpMessage> accept, List<Duration> waits) {
        if (pending.size() >= maxPending) {
            return CompletableFuture.failedFuture(new IllegalStateException("more than " + maxPending + " DHCP exchanges at once"));
        }
        for (int tries = 0; tries < 16; tries++) {
            int xid = xids.apply(tries);
            if (!pending.containsKey(xid)) {
                Pending p = new Pending(requestWithXid.apply(xid), accept, waits);
                if (pending.putIfAbsent(xid, p) == null) {
                    channel.eventLoop().execute(() -> send(xid, p));
                    return p.result;
                }
            }
        }
        return CompletableFuture.failedFuture(new IllegalStateException("no free xid"));
    }

    private void send(int xid, Pending p) {
        if (p.result.isDone()) {
            return;
        }
        if (p.attempt >= p.waits.size()) {
            pending.remove(xid, p);
            p.result.completeExceptionally(new TimeoutException("no answer to " + p.waits.size() + " tries"));
            return;
        }
        Duration wait = p.waits.get(p.attempt++);
        sent.incrementAndGet();
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(DhcpCodec.encode(p.request)), server));
        p.timer = channel.eventLoop().schedule(() -> send(xid, p), wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void received(ByteBuf content) {
        DhcpMessage reply;
        try {
            reply = DhcpCodec.decode(ByteBufUtil.getBytes(content));
        } catch (DhcpDecodeException e) {
            undecodable.incrementAndGet();
            return;
        }
        answers.heard();
        Pending p = pending.get(reply.xid());
        if (reply.op() != DhcpOp.BOOTREPLY || p == null
                || !reply.clientMac().equals(p.request.clientMac()) || !p.accept.test(reply)) {
            unmatched.incrementAndGet();
            return;
        }
        pending.remove(reply.xid(), p);
        if (p.timer != null) {
            p.timer.cancel(false);
        }
        p.result.complete(reply);
    }

    /** Requests sent, resends included. */
    long sent() {
        return sent.get();
    }

    /** Replies that matched no waiting exchange (late answers to a resend, mostly). */
    long unmatched() {
        return unmatched.get();
    }

    long undecodable() {
        return undecodable.get();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
