package org.bootnode.tftp.server.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.bootnode.tftp.ErrorPacket;
import org.bootnode.tftp.Opcode;
import org.bootnode.tftp.Request;
import org.bootnode.tftp.TftpCodec;
import org.bootnode.tftp.TftpErrorCode;
import org.bootnode.tftp.TftpPacket;
import org.bootnode.tftp.TftpProtocolException;
import org.bootnode.tftp.TransferMode;
import org.bootnode.tftp.internal.LogText;
import org.bootnode.tftp.internal.Transport;
import org.bootnode.tftp.server.IgnoredPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request port (69): decodes a request, decides whether it can be served, and starts a
 * transfer on a fresh port. Answers it cannot serve get an ERROR from this port.
 */
@ChannelHandler.Sharable
public final class RequestHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger LOG = LoggerFactory.getLogger("org.bootnode.tftp.server");
    /** RFC 2347 §2 limits a request with options to 512 bytes; allow twice that for lax clients. */
    static final int MAX_REQUEST = 1024;

    private static final long DESCRIPTOR_WARNING_INTERVAL = TimeUnit.MINUTES.toNanos(1);

    private final ServerContext ctx;
    /** When out of descriptors was last logged at warn (System.nanoTime; 0: never); read and set from any loop. */
    private volatile long lastDescriptorWarning;

    /** A handler for one server. */
    public RequestHandler(ServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext c, DatagramPacket p) {
        InetSocketAddress from = p.sender();
        TftpPacket packet;
        try {
            packet = TftpCodec.decode(p.content().nioBuffer());
        } catch (TftpProtocolException e) {
            int opcode = p.content().readableBytes() >= 2 ? p.content().getUnsignedShort(p.content().readerIndex()) : -1;
            if (opcode == Opcode.ERROR.code() || opcode == Opcode.ACK.code() || opcode == Opcode.DATA.code()) {
                // Never answer an ERROR with an ERROR; stray ACK/DATA are not requests.
                ignored(from, new IgnoredPacket.Malformed(e.getMessage()));
            } else {
                reply(c, from, e.errorCode(), e.getMessage());
                ignored(from, new IgnoredPacket.Malformed(e.getMessage()));
            }
            return;
        }
        if (!(packet instanceof Request request)) {
            ignored(from, new IgnoredPacket.Unexpected(packet.opcode() + " on the request port"));
            return;
        }
        if (p.content().readableBytes() > MAX_REQUEST) {
            reply(c, from, TftpErrorCode.ILLEGAL_OPERATION, "request too long");
            ignored(from, new IgnoredPacket.Malformed("request of " + p.content().readableBytes() + " bytes"));
            return;
        }
        if (request.mode() == TransferMode.MAIL) {
            reply(c, from, TftpErrorCode.ILLEGAL_OPERATION, "mail mode is not supported");
            return;
        }
        if (!request.isRead() && !ctx.config().writeEnabled()) {
            reply(c, from, TftpErrorCode.ACCESS_VIOLATION, "writes are disabled");
            LOG.debug("tftp {} WRQ {}: refused, writes are disabled", from, LogText.escape(request.filename()));
            return;
        }
        Transfer existing = ctx.registry().byClient(from);
        if (existing != null && existing.isRetransmissionOf(request)) {
            ignored(from, new IgnoredPacket.Stale("repeated " + request.opcode() + " " + request.filename()
                    + ": the transfer already started resends its first packet"));
            return;
        }
        Transfer transfer = request.isRead()
                ? new ReadTransfer(ctx, request, from)
                : new WriteTransfer(ctx, request, from);
        switch (ctx.registry().admit(transfer)) {
            case SERVER_FULL -> ignored(from, new IgnoredPacket.Busy(request.opcode() + " " + request.filename()
                    + ": no place free (in all or for this address), none past its first round trips"));
            case CLIENT_FULL -> {
                reply(c, from, TftpErrorCode.NOT_DEFINED, "too many transfers from this client");
                LOG.info("tftp {} {}: refused, client has {} transfers in progress", from, LogText.escape(request.filename()),
                        ctx.config().maxTransfersPerClient());
            }
            case ADMITTED -> startTransfer(c, transfer, request, from);
        }
    }

    private void startTransfer(ChannelHandlerContext c, Transfer transfer, Request request, InetSocketAddress from) {
        int receive = request.isRead() ? 2048 : 65536;
        if (Transport.isEpoll(ctx.group())) {
            startConnected(c, transfer, request, from, receive);
            return;
        }
        ChannelFuture bound = new Bootstrap()
                .group(ctx.group())
                .channelFactory(ctx.channels())
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(receive))
                .handler(transfer)
                .bind(new InetSocketAddress(ctx.localAddress(), 0));
        bound.addListener(f -> {
            if (!f.isSuccess()) {
                noPort(c, transfer, request, from, f.cause());
            }
        });
    }

    /**
     * Two sockets on the transfer's fresh port, both with SO_REUSEPORT: an unconnected guard,
     * bound first, and the transfer's own socket, connected to the client. The kernel gives the
     * connected socket only the client's packets and the guard everything else (ERROR 5), so
     * the transfer's socket sends and receives without an address per packet and with its
     * route cached. The guard picks its port without SO_REUSEPORT and sets it only once bound:
     * the kernel's choice of a free port counts a port held by SO_REUSEPORT sockets of the same
     * user as free, so two transfers could otherwise share one.
     */
    private void startConnected(ChannelHandlerContext c, Transfer transfer, Request request, InetSocketAddress from,
                                int receive) {
        ChannelFuture guard = new Bootstrap()
                .group(ctx.group())
                .channelFactory(ctx.channels())
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(2048))
                .handler(new ForeignTidGuard(transfer))
                .bind(new InetSocketAddress(ctx.localAddress(), 0));
        guard.addListener(g -> {
            if (!g.isSuccess()) {
                noPort(c, transfer, request, from, g.cause());
                return;
            }
            try {
                guard.channel().config().setOption(EpollChannelOption.SO_REUSEPORT, true);
            } catch (RuntimeException e) {
                guard.channel().close();
                noPort(c, transfer, request, from, e);
                return;
            }
            transfer.connectedWithGuard(guard.channel());
            ChannelFuture connected = new Bootstrap()
                    .group(guard.channel().eventLoop())
                    .channelFactory(ctx.channels())
                    .option(EpollChannelOption.SO_REUSEPORT, true)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(receive))
                    .handler(transfer)
                    .connect(from, guard.channel().localAddress());
            connected.addListener(f -> {
                if (!f.isSuccess()) {
                    guard.channel().close();
                    noPort(c, transfer, request, from, f.cause());
                }
            });
        });
    }

    private void noPort(ChannelHandlerContext c, Transfer transfer, Request request, InetSocketAddress from, Throwable cause) {
        ctx.registry().remove(transfer);
        if (outOfDescriptors(cause)) {
            // As with a full table: no answer, the client asks again once descriptors are free;
            // an ERROR would end a PXE ROM's boot. Logged at most once a minute (a storm repeats it).
            ignored(from, new IgnoredPacket.Busy(request.opcode() + " " + request.filename() + ": no file descriptor for a port"));
            long now = System.nanoTime();
            long last = lastDescriptorWarning;
            if (last == 0 || now - last > DESCRIPTOR_WARNING_INTERVAL) {
                lastDescriptorWarning = now;
                LOG.warn("tftp {} {}: out of file descriptors for transfer ports ({}): requests go unanswered until"
                        + " transfers end; raise the open-file limit or lower tftp.max-transfers", from,
                        LogText.escape(request.filename()), LogText.escape(cause));
            }
            return;
        }
        reply(c, from, TftpErrorCode.NOT_DEFINED, "server busy: no port");
        LOG.warn("tftp {} {}: cannot bind a transfer port: {}", from, LogText.escape(request.filename()), LogText.escape(cause));
    }

    /** Whether {@code cause} (or one it wraps) is the process or the system out of file descriptors: EMFILE or ENFILE. */
    static boolean outOfDescriptors(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("Too many open files") || m.contains("error(-24)") || m.contains("error(-23)"))) {
                return true;
            }
        }
        return false;
    }

    /** The unconnected socket beside a connected transfer: whatever reaches it is from a foreign TID. */
    private static final class ForeignTidGuard extends SimpleChannelInboundHandler<DatagramPacket> {
        private final Transfer transfer;

        ForeignTidGuard(Transfer transfer) {
            this.transfer = transfer;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext c, DatagramPacket p) {
            transfer.foreignTid(p.sender());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
            LOG.debug("tftp transfer guard port: {}", LogText.escape(cause));
        }
    }

    private void ignored(InetSocketAddress from, IgnoredPacket reason) {
        ctx.listener().packetIgnored(from, reason);
        LOG.debug("tftp {}: ignored {}", from, LogText.escape(reason));
    }

    private static void reply(ChannelHandlerContext c, InetSocketAddress to, TftpErrorCode code, String message) {
        c.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(TftpCodec.encode(new ErrorPacket(code, message))), to));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
        // A send error on the request port (e.g. ICMP unreachable surfacing) must not close it.
        LOG.debug("tftp request port: {}", LogText.escape(cause));
    }
}
