package org.bootnode.tftp.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.IovArray;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.bootnode.tftp.ErrorPacket;
import org.bootnode.tftp.Request;
import org.bootnode.tftp.TftpCodec;
import org.bootnode.tftp.TftpErrorCode;
import org.bootnode.tftp.TftpPacket;
import org.bootnode.tftp.TftpProtocolException;
import org.bootnode.tftp.internal.LogText;
import org.bootnode.tftp.server.IgnoredPacket;
import org.bootnode.tftp.server.TransferFailure;
import org.bootnode.tftp.server.TransferSummary;
import org.bootnode.tftp.server.internal.fastpath.DirectSend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transfer on its own channel and port (its TID, RFC 1350 §4): the glue between datagrams,
 * timers and a pure state machine. Every method runs on the channel's event loop.
 */
public abstract class Transfer extends ChannelInboundHandlerAdapter {
    static final Logger LOG = LoggerFactory.getLogger("org.bootnode.tftp.server");

    final ServerContext ctx;
    final Request request;
    final InetSocketAddress client;
    /** The file name as it may appear in a log line (escaped: it comes from the network). */
    final String name;
    final long startNanos;
    /** Set on the loop when the handler is added; read by other threads in {@link #stopFromOutside}. */
    volatile Channel channel;
    int blockSize = 512;
    int windowSize = 1;
    long size = -1;
    private ScheduledFuture<?> timer;
    /** When {@link #timer} is due, in the ticker's nanoseconds. */
    private long timerDue;
    private boolean ended;
    private boolean confirmed;
    /** Why another thread asked this transfer to end (eviction, shutdown), or null. */
    private volatile TransferFailure stop;
    /** The unconnected socket on this transfer's port that answers foreign TIDs, when connected. */
    private Channel guard;

    Transfer(ServerContext ctx, Request request, InetSocketAddress client) {
        this.ctx = ctx;
        this.request = request;
        this.client = client;
        this.name = LogText.escape(request.filename());
        this.startNanos = ctx.ticker().getAsLong();
    }

    /** Starts the transfer (the channel is bound). */
    abstract void begin();

    /** A decoded packet from the client. */
    abstract void onPacket(TftpPacket packet);

    /** The timer fired; {@link #deadline()} may have moved since it was set. */
    abstract void onTimer(long now);

    /** When the timer must fire next, or Long.MIN_VALUE for no timer. */
    abstract long deadline();

    /** Bytes moved so far. */
    abstract long bytes();

    /** Frees what the transfer holds (files, buffers). */
    abstract void release();

    @Override
    public void handlerAdded(ChannelHandlerContext c) {
        channel = c.channel();
    }

    @Override
    public void channelActive(ChannelHandlerContext c) {
        if (stop != null) {
            stopNow();
            return;
        }
        if (!ended) {
            begin();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext c, Object msg) {
        DatagramPacket p = (DatagramPacket) msg;
        try {
            if (ended) {
                return;
            }
            if (guard == null && !p.sender().equals(client)) {
                // RFC 1350 §4: a packet from a foreign TID gets ERROR 5; the transfer goes on.
                ctx.listener().packetIgnored(p.sender(), new IgnoredPacket.WrongTid("transfer of " + request.filename() + " is with " + client));
                write(new ErrorPacket(TftpErrorCode.UNKNOWN_TID, "unknown transfer ID"), p.sender());
                channel.flush();
                return;
            }
            TftpPacket packet;
            try {
                packet = TftpCodec.decode(inPlace(p.content()));
            } catch (TftpProtocolException e) {
                ignored(new IgnoredPacket.Malformed(e.getMessage()));
                return;
            }
            onPacket(packet);
        } finally {
            p.release();
        }
    }

    /**
     * The datagram's bytes for the codec to read in place: the buffer's own NIO view (reused,
     * valid until the next call on this loop) rather than a new one for each ACK.
     */
    private static ByteBuffer inPlace(ByteBuf content) {
        return content.nioBufferCount() == 1
                ? content.internalNioBuffer(content.readerIndex(), content.readableBytes())
                : content.nioBuffer();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
        if (cause instanceof PortUnreachableException) {
            // ICMP port unreachable, reported on a connected socket only: treated like a lost
            // packet (the retransmission timer decides), as on an unconnected socket that never
            // hears of it.
            LOG.debug("tftp {} {}: {}", client, name, LogText.escape(cause));
            return;
        }
        fail(TransferFailure.Kind.IO_ERROR, null, cause.toString(), false);
    }

    @Override
    public void channelInactive(ChannelHandlerContext c) {
        if (!ended) {
            fail(TransferFailure.Kind.SHUTDOWN, null, "channel closed", false);
        }
    }

    /**
     * True when {@code other} is this transfer's request sent again from the same port (the
     * client's timer fired before our first packet arrived, or the network delivered it late):
     * it must not start a second transfer, whose packets would reach the client from a foreign
     * TID.
     */
    final boolean isRetransmissionOf(Request other) {
        return !ended && request.equals(other);
    }

    /**
     * The client answered for the first time (an ACK of a block, or a DATA block): from now on
     * a newer request cannot take this transfer's place.
     */
    final void heard() {
        if (!confirmed) {
            confirmed = true;
            ctx.registry().confirm(this);
        }
    }

    final long now() {
        return ctx.ticker().getAsLong();
    }

    final boolean ended() {
        return ended;
    }

    final void ignored(IgnoredPacket reason) {
        ctx.listener().packetIgnored(client, reason);
        if (LOG.isDebugEnabled()) {
            LOG.debug("tftp {} {}: ignored {}", client, name, LogText.escape(reason));
        }
    }

    final void write(TftpPacket packet, InetSocketAddress to) {
        channel.write(toClient(Unpooled.wrappedBuffer(TftpCodec.encode(packet)), to));
    }

    /**
     * What to write for {@code content} to {@code to}: the bare buffer on a connected socket
     * (send(2) with the route cached in the socket), else a datagram with its address.
     */
    final Object toClient(ByteBuf content, InetSocketAddress to) {
        return guard != null && to == client ? content : new DatagramPacket(content, to);
    }

    /**
     * This transfer's socket is connected to the client, and {@code guard}, an unconnected
     * socket on the same port, gets every packet from anyone else (the kernel delivers a
     * datagram to the connected socket only from its peer) and answers it with ERROR 5.
     */
    final void connectedWithGuard(Channel guard) {
        this.guard = guard;
    }

    /** A packet that reached the guard socket: from a foreign TID (RFC 1350 §4). */
    final void foreignTid(InetSocketAddress from) {
        ctx.listener().packetIgnored(from, new IgnoredPacket.WrongTid("transfer of " + request.filename() + " is with " + client));
        guard.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(
                TftpCodec.encode(new ErrorPacket(TftpErrorCode.UNKNOWN_TID, "unknown transfer ID"))), from));
    }

    /**
     * Sends one DATA packet (the iovecs of {@code iov}) with one system call past the channel's
     * queue ({@link DirectSend}), when this transfer's socket is connected, native and the fast
     * path is on. Returns false when the caller must write through the channel instead. A
     * failed send is a lost packet, as a failed channel write is: the retransmission timer
     * recovers.
     */
    final boolean sendDirect(IovArray iov) {
        if (!sendsDirect()) {
            return false;
        }
        try {
            return DirectSend.writev(channel, iov);
        } catch (IOException e) {
            lostSend(e);
            return true;
        }
    }

    /** {@link #sendDirect(IovArray)} for one packet of {@code length} bytes at {@code address}. */
    final boolean sendDirect(long address, int length) {
        if (!sendsDirect()) {
            return false;
        }
        try {
            return DirectSend.write(channel, address, length);
        } catch (IOException e) {
            lostSend(e);
            return true;
        }
    }

    /** Whether {@link #sendDirect} can ever write here: the fast path on, a native socket connected to the client. */
    final boolean sendsDirect() {
        return guard != null && ctx.fastPath().enabled() && DirectSend.possible(channel);
    }

    private void lostSend(IOException e) {
        // ECONNREFUSED (ICMP port unreachable) on a connected socket, or EFAULT from a file
        // truncated under its mapping: a lost packet, as for a failed channel write.
        LOG.debug("tftp {} {}: send failed: {}", client, name, LogText.escape(e));
    }

    final void send(TftpPacket packet) {
        write(packet, client);
        channel.flush();
    }

    /**
     * Sets the timer for {@link #deadline()}. A pending timer due no later than the deadline
     * stays (it re-checks when it fires, and re-arms): the deadline usually moves later, with
     * each ACK, and that costs nothing. A pending timer due after the deadline is replaced: an
     * ACK that ends a backoff brings the deadline back to one timeout, and a timer left at the
     * doubled interval would make the next loss wait that long (issue 23: 1 s, then 2.5 s).
     */
    final void armTimer() {
        long deadline = deadline();
        if (ended || deadline == Long.MIN_VALUE) {
            return;
        }
        if (timer != null) {
            if (timerDue - deadline <= 0) {
                return;
            }
            timer.cancel(false);
        }
        long delay = Math.max(0, deadline - now());
        timerDue = deadline;
        timer = channel.eventLoop().schedule(this::timerFired, delay, TimeUnit.NANOSECONDS);
    }

    private void timerFired() {
        timer = null;
        if (ended) {
            return;
        }
        long now = now();
        if (now - deadline() >= 0) {
            onTimer(now);
        }
        armTimer();
    }

    final TransferSummary summary() {
        return new TransferSummary(client, request.filename(), !request.isRead(), bytes(), size,
                Duration.ofNanos(now() - startNanos), blockSize, windowSize);
    }

    final void started() {
        ctx.listener().transferStarted(summary());
        LOG.debug("tftp {} {} {}: started, size {}, blksize {}, window {}", client, request.opcode(),
                name, size, blockSize, windowSize);
    }

    final void finished() {
        if (ended) {
            return;
        }
        TransferSummary s = summary();
        end();
        ctx.listener().transferFinished(s);
        LOG.info("tftp {} {} {}: {} bytes in {} ms, blksize {}, window {}", client, request.opcode(),
                name, s.bytes(), s.duration().toMillis(), blockSize, windowSize);
    }

    final void declined() {
        if (ended) {
            return;
        }
        TransferSummary s = summary();
        end();
        ctx.listener().optionsDeclined(s);
        LOG.debug("tftp {} {}: client declined the OACK (a tsize probe)", client, name);
    }

    /** Ends the transfer as failed; sends ERROR {@code code} first when given. */
    final void fail(TransferFailure.Kind kind, TftpErrorCode code, String detail, boolean sendError) {
        if (ended) {
            return;
        }
        if (sendError && code != null && channel.isActive()) {
            send(new ErrorPacket(code, detail.length() > 200 ? detail.substring(0, 200) : detail));
        }
        TransferSummary s = summary();
        end();
        ctx.listener().transferFailed(s, new TransferFailure(kind, code, detail));
        if (kind == TransferFailure.Kind.IO_ERROR) {
            LOG.warn("tftp {} {} {}: failed, {}", client, request.opcode(), name, LogText.escape(detail));
        } else {
            LOG.info("tftp {} {} {}: failed ({}), {}", client, request.opcode(), name, kind, LogText.escape(detail));
        }
    }

    private void end() {
        ended = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        // Closed first: packets still queued on the channel are dropped unsent before release()
        // frees what they point into (a file's mapping).
        channel.close();
        if (guard != null) {
            guard.close();
        }
        try {
            release();
        } finally {
            ctx.registry().remove(this);
        }
    }

    /** Closes the transfer from outside (server shutdown); safe from any thread. */
    public final void shutdown() {
        stopFromOutside(new TransferFailure(TransferFailure.Kind.SHUTDOWN, TftpErrorCode.NOT_DEFINED, "server shutting down"));
    }

    /**
     * A newer request took this transfer's place before its client's first ACK (see
     * {@link TransferRegistry}); the registry has already given the place back. Any thread.
     */
    final void evict() {
        stopFromOutside(new TransferFailure(TransferFailure.Kind.LIMIT, TftpErrorCode.NOT_DEFINED,
                "server busy: a newer request took the place of this transfer, which had no ACK yet"));
    }

    /**
     * Ends the transfer on its own loop, from any thread, also before its channel is registered
     * or active (then {@link #channelActive} ends it instead of starting it).
     */
    private void stopFromOutside(TransferFailure why) {
        stop = why;
        Channel ch = channel;
        if (ch != null) {
            ch.eventLoop().execute(this::stopNow);
        }
    }

    private void stopNow() {
        TransferFailure why = stop;
        if (why != null) {
            fail(why.kind(), why.errorCode(), why.detail(), true);
        }
    }
}
