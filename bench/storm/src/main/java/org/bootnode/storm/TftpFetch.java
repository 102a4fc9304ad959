package org.bootnode.storm;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bootnode.tftp.ErrorPacket;
import org.bootnode.tftp.Opcode;
import org.bootnode.tftp.OptionAck;
import org.bootnode.tftp.Request;
import org.bootnode.tftp.TftpCodec;
import org.bootnode.tftp.TftpErrorCode;
import org.bootnode.tftp.TftpOptions;
import org.bootnode.tftp.TftpPacket;
import org.bootnode.tftp.TftpProtocolException;
import org.bootnode.tftp.TransferMode;
import org.bootnode.tftp.internal.BlockReceiver;
import org.bootnode.tftp.internal.BlockSender;

/**
 * One TFTP read as a PXE ROM does it, counting the file's bytes instead of keeping them: the
 * same packets as bootnode-tftp's {@code TftpClient} (the RRQ encoded by its codec with the
 * same options, the same {@link BlockReceiver} deciding each ACK, the same timer and retries,
 * the same linger for a resent last block), without what a storm of thousands does not need:
 * the file assembled in memory (copied twice per block and grown by doubling: the generator's
 * garbage collections), a 64 KiB receive buffer per datagram, a decoded packet and its payload
 * array per block.
 *
 * <p>RFC 1350 §4: the server's first answer fixes its transfer ID; DATA from another port gets
 * ERROR 5 and is otherwise ignored. RFC 2347: an OACK naming an option not asked for is refused
 * with ERROR 8.
 */
final class TftpFetch extends ChannelInboundHandlerAdapter {
    /** A datagram's room: DATA of the largest block size the nodes ask for, an OACK, an ERROR. */
    private static final int DATAGRAM_ROOM = 4096;
    private static final int OPCODE_DATA = 3;

    private final InetSocketAddress server;
    private final Request request;
    private final int blockSize;
    private final int retries;
    private final CompletableFuture<Long> result = new CompletableFuture<>();
    private long timeoutNanos;
    private long bytes;
    private Channel channel;
    private InetSocketAddress peer;
    private BlockReceiver receiver;
    private long requestDeadline;
    private int requestRetries;
    private ScheduledFuture<?> timer;
    private long timerDue;
    private boolean dallying;

    private TftpFetch(InetSocketAddress server, String file, int blockSize, Duration timeout, int retries) {
        this.server = server;
        this.blockSize = blockSize;
        this.retries = retries;
        this.timeoutNanos = timeout.toNanos();
        TftpOptions.Builder o = TftpOptions.builder();
        if (blockSize != TftpOptions.DEFAULT_BLKSIZE) {
            o.put(TftpOptions.BLKSIZE, blockSize);
        }
        o.put(TftpOptions.TSIZE, 0);
        if (timeoutNanos % 1_000_000_000L == 0) {
            o.put(TftpOptions.TIMEOUT, timeout.getSeconds());
        }
        this.request = new Request(Opcode.RRQ, file, TransferMode.OCTET, o.build());
    }

    /** Reads {@code file} from {@code server} on a socket bound to {@code local}; the future carries its length. */
    static CompletableFuture<Long> get(Loops loops, InetSocketAddress local, InetSocketAddress server, String file,
                                       int blockSize, Duration timeout, int retries) {
        TftpFetch t = new TftpFetch(server, file, blockSize, timeout, retries);
        new Bootstrap()
                .group(loops.group())
                .channel(loops.datagram())
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(DATAGRAM_ROOM))
                .option(ChannelOption.SO_RCVBUF, 4 << 20)
                .handler(t)
                .bind(local)
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        t.result.completeExceptionally(f.cause());
                    }
                });
        return t.result;
    }

    @Override
    public void channelActive(ChannelHandlerContext c) {
        channel = c.channel();
        send(TftpCodec.encode(request), server);
        requestDeadline = System.nanoTime() + timeoutNanos;
        arm(timeoutNanos);
    }

    @Override
    public void channelRead(ChannelHandlerContext c, Object msg) {
        DatagramPacket p = (DatagramPacket) msg;
        try {
            if (result.isDone() && !dallying) {
                return;
            }
            InetSocketAddress from = p.sender();
            if (!from.getAddress().equals(server.getAddress())) {
                return;
            }
            if (peer == null) {
                peer = from;
            } else if (!peer.equals(from)) {
                send(TftpCodec.encode(new ErrorPacket(TftpErrorCode.UNKNOWN_TID, "unknown transfer ID")), from);
                return;
            }
            ByteBuf b = p.content();
            if (b.readableBytes() >= TftpCodec.DATA_HEADER_LENGTH && b.getUnsignedShort(b.readerIndex()) == OPCODE_DATA) {
                onData(b.getUnsignedShort(b.readerIndex() + 2), b.readableBytes() - TftpCodec.DATA_HEADER_LENGTH);
                return;
            }
            TftpPacket packet;
            try {
                packet = TftpCodec.decode(b.nioBuffer());
            } catch (TftpProtocolException e) {
                return;
            }
            onPacket(packet);
        } finally {
            p.release();
        }
    }

    private void onPacket(TftpPacket packet) {
        if (packet instanceof ErrorPacket e) {
            fail(new StormException("server sent ERROR " + e.code().code() + " (" + e.code() + "): " + Escape.text(e.message())));
        } else if (packet instanceof OptionAck oack && receiver == null) {
            int blk = TftpOptions.DEFAULT_BLKSIZE;
            try {
                for (String name : oack.options().names()) {
                    if (!request.options().contains(name)) {
                        refuse("option " + name + " was not asked for");
                        return;
                    }
                }
                blk = (int) oack.options().number(TftpOptions.BLKSIZE, 8, blockSize).orElse(blk);
                long t = oack.options().number(TftpOptions.TIMEOUT, 1, 255).orElse(-1);
                if (t > 0) {
                    timeoutNanos = TimeUnit.SECONDS.toNanos(t);
                }
            } catch (TftpProtocolException e) {
                refuse(e.getMessage());
                return;
            }
            begin(blk);
            send(ack(0), peer);
        }
    }

    private void onData(int block, int length) {
        if (receiver == null) {
            begin(TftpOptions.DEFAULT_BLKSIZE);
        }
        BlockReceiver.Step step = receiver.onData(block, length, System.nanoTime());
        if (step.accept()) {
            bytes += length;
        }
        if (step.sendAck()) {
            send(ack(BlockSender.wire(step.ack())), peer);
        }
        if (step.accept() && step.last()) {
            result.complete(bytes);
            // RFC 1350 §6: linger to ACK the last block again should the final ACK be lost
            dallying = true;
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            channel.eventLoop().schedule(this::close, 2 * timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void begin(int blk) {
        receiver = new BlockReceiver(blk, 1, timeoutNanos, retries, System.nanoTime());
    }

    private void onTimer() {
        timer = null;
        if (result.isDone() || dallying) {
            return;
        }
        long now = System.nanoTime();
        if (receiver == null) {
            if (now - requestDeadline >= 0) {
                if (++requestRetries > retries) {
                    fail(new StormException("TFTP: no answer from " + server + " after " + retries + " retries"));
                    return;
                }
                send(TftpCodec.encode(request), server);
                requestDeadline = now + timeoutNanos;
            }
            arm(requestDeadline - now);
            return;
        }
        long ack = receiver.onTimeout(now);
        if (ack == -2) {
            fail(new StormException("TFTP: no DATA after " + retries + " retries"));
            return;
        }
        if (ack >= 0) {
            send(ack(BlockSender.wire(ack)), peer);
        }
        arm(receiver.deadline() - now);
    }

    /** Sets the timer {@code delayNanos} from now unless one is pending that is due no later. */
    private void arm(long delayNanos) {
        long due = System.nanoTime() + Math.max(0, delayNanos);
        if (timer != null) {
            if (timerDue - due <= 0) {
                return;
            }
            timer.cancel(false);
        }
        timerDue = due;
        timer = channel.eventLoop().schedule(this::onTimer, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    private static byte[] ack(int block) {
        return new byte[] {0, 4, (byte) (block >>> 8), (byte) block};
    }

    private void refuse(String why) {
        send(TftpCodec.encode(new ErrorPacket(TftpErrorCode.OPTION_REFUSED, why)), peer);
        fail(new StormException("TFTP: OACK refused: " + why));
    }

    private void send(byte[] packet, InetSocketAddress to) {
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(packet), to));
    }

    private void fail(Throwable t) {
        result.completeExceptionally(t);
        close();
    }

    private void close() {
        if (timer != null) {
            timer.cancel(false);
        }
        channel.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
        fail(cause);
    }
}
