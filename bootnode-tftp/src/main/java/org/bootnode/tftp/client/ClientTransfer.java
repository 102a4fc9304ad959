package org.bootnode.tftp.client;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bootnode.tftp.Ack;
import org.bootnode.tftp.Data;
import org.bootnode.tftp.ErrorPacket;
import org.bootnode.tftp.Netascii;
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

/** One get or put on its own channel; runs on that channel's event loop. */
final class ClientTransfer extends ChannelInboundHandlerAdapter {
    private final TftpClient.Settings settings;
    private final InetSocketAddress server;
    private final Request request;
    private final byte[] upload;
    /** The bytes received, or sent by a put. */
    private final CompletableFuture<Long> result = new CompletableFuture<>();
    /** Where a get's bytes go; null for a put. */
    private final OutputStream download;
    private final Netascii.Decoder netascii = new Netascii.Decoder();
    /** A netascii block's decoded bytes on their way to {@link #download}. */
    private ByteArrayOutputStream decoded;
    private long received;

    private Channel channel;
    private InetSocketAddress peer;
    private BlockReceiver receiver;
    private BlockSender sender;
    private byte[] uploadWire;
    private long timeoutNanos;
    private long requestDeadline;
    private int requestRetries;
    private ScheduledFuture<?> timer;
    private long timerDue;
    private boolean dallying;

    private ClientTransfer(TftpClient.Settings settings, InetSocketAddress server, Request request, byte[] upload,
            OutputStream download) {
        this.settings = settings;
        this.server = server;
        this.request = request;
        this.upload = upload;
        this.download = download;
        this.timeoutNanos = settings.timeout().toNanos();
    }

    /** A get whose bytes are written to {@code download}, on the transfer's event loop. */
    static ClientTransfer get(TftpClient.Settings s, InetSocketAddress server, String filename, OutputStream download) {
        return new ClientTransfer(s, server, new Request(Opcode.RRQ, filename, s.mode(), options(s, 0)), null, download);
    }

    static ClientTransfer put(TftpClient.Settings s, InetSocketAddress server, String filename, byte[] data) {
        byte[] wire = s.mode() == TransferMode.NETASCII ? Netascii.encode(data) : data;
        ClientTransfer t = new ClientTransfer(s, server, new Request(Opcode.WRQ, filename, s.mode(), options(s, wire.length)), data,
                null);
        t.uploadWire = wire;
        return t;
    }

    private static TftpOptions options(TftpClient.Settings s, long size) {
        TftpOptions.Builder b = s.extra().toBuilder();
        if (s.blockSize() != TftpOptions.DEFAULT_BLKSIZE) {
            b.put(TftpOptions.BLKSIZE, s.blockSize());
        }
        if (s.windowSize() != 1) {
            b.put(TftpOptions.WINDOWSIZE, s.windowSize());
        }
        if (s.tsize()) {
            b.put(TftpOptions.TSIZE, size);
        }
        if (s.timeout().toNanos() % 1_000_000_000L == 0) {
            b.put(TftpOptions.TIMEOUT, s.timeout().getSeconds());
        }
        return b.build();
    }

    /** Completes with the bytes received (a get) or sent (a put). */
    CompletableFuture<Long> result() {
        return result;
    }

    @Override
    public void channelActive(ChannelHandlerContext c) {
        channel = c.channel();
        sendTo(request, server);
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
                peer = from; // RFC 1350 §4: the server's first answer fixes its TID.
            } else if (!peer.equals(from)) {
                sendTo(new ErrorPacket(TftpErrorCode.UNKNOWN_TID, "unknown transfer ID"), from);
                return;
            }
            TftpPacket packet;
            try {
                packet = TftpCodec.decode(p.content().nioBuffer());
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
            fail(new TftpClientException(e.code(), "server sent ERROR " + e.code().code() + " (" + e.code() + "): " + e.message()));
        } else if (packet instanceof OptionAck oack && receiver == null && sender == null) {
            int blk = TftpOptions.DEFAULT_BLKSIZE;
            int win = 1;
            try {
                for (String name : oack.options().names()) {
                    if (!request.options().contains(name)) {
                        refuse("option " + name + " was not asked for");
                        return;
                    }
                }
                blk = (int) oack.options().number(TftpOptions.BLKSIZE, 8, settings.blockSize()).orElse(blk);
                win = (int) oack.options().number(TftpOptions.WINDOWSIZE, 1, settings.windowSize()).orElse(win);
                long t = oack.options().number(TftpOptions.TIMEOUT, 1, 255).orElse(-1);
                if (t > 0) {
                    timeoutNanos = TimeUnit.SECONDS.toNanos(t);
                }
                long size = request.isRead() ? oack.options().number(TftpOptions.TSIZE, 0, Long.MAX_VALUE).orElse(-1) : -1;
                if (size >= 0 && download instanceof DownloadBuffer memory) {
                    memory.expect(size); // RFC 2349: the file's size, before its first block
                }
            } catch (TftpProtocolException e) {
                refuse(e.getMessage());
                return;
            }
            begin(blk, win, true);
        } else if (packet instanceof Data d && request.isRead()) {
            if (receiver == null) {
                begin(TftpOptions.DEFAULT_BLKSIZE, 1, false);
            }
            BlockReceiver.Step step = receiver.onData(d.block(), d.length(), System.nanoTime());
            if (step.accept()) {
                try {
                    store(d.payload(), step.last());
                } catch (IOException | RuntimeException e) {
                    // RFC 1350 §7: the transfer ends with an ERROR, so the server stops resending.
                    sendTo(new ErrorPacket(TftpErrorCode.DISK_FULL, "cannot store the file"), peer);
                    fail(e instanceof IOException ? e : new IOException(e));
                    return;
                }
            }
            if (step.sendAck()) {
                sendTo(new Ack(BlockSender.wire(step.ack())), peer);
            }
            if (step.accept() && step.last()) {
                result.complete(received);
                // RFC 1350 §6: linger to ACK the last block again should our final ACK be lost,
                // so the server does not count a finished transfer as failed.
                dallying = true;
                if (timer != null) {
                    timer.cancel(false);
                    timer = null;
                }
                channel.eventLoop().schedule(this::close, 2 * timeoutNanos, TimeUnit.NANOSECONDS);
            }
        } else if (packet instanceof Ack a && !request.isRead()) {
            if (sender == null) {
                if (a.block() != 0) {
                    return;
                }
                begin(TftpOptions.DEFAULT_BLKSIZE, 1, false);
                return;
            }
            long now = System.nanoTime();
            handle(sender.onAck(a.block(), now));
            if (!result.isDone() && !sender.finished()) {
                arm(sender.deadline() - now);
            }
        }
    }

    private void begin(int blk, int win, boolean oack) {
        long now = System.nanoTime();
        if (request.isRead()) {
            receiver = new BlockReceiver(blk, win, timeoutNanos, settings.retries(), now);
            if (oack) {
                sendTo(new Ack(0), peer);
            }
        } else {
            sender = new BlockSender(uploadWire.length, blk, win, false, timeoutNanos, settings.retries());
            handle(sender.start(now));
        }
    }

    private void handle(BlockSender.Step step) {
        if (step instanceof BlockSender.Send s) {
            for (long b = s.first(); b <= s.last(); b++) {
                int off = (int) sender.offset(b);
                int len = sender.length(b);
                byte[] pkt = new byte[4 + len];
                pkt[0] = 0;
                pkt[1] = 3;
                pkt[2] = (byte) (BlockSender.wire(b) >>> 8);
                pkt[3] = (byte) BlockSender.wire(b);
                System.arraycopy(uploadWire, off, pkt, 4, len);
                channel.write(new DatagramPacket(Unpooled.wrappedBuffer(pkt), peer));
            }
            channel.flush();
        } else if (step instanceof BlockSender.Done) {
            succeed(uploadWire.length);
        } else if (step instanceof BlockSender.Failed f) {
            fail(new TftpClientException(null, f.reason()));
        }
    }

    private void onTimer() {
        timer = null;
        if (result.isDone() || dallying) {
            return;
        }
        long now = System.nanoTime();
        if (receiver == null && sender == null) {
            if (now - requestDeadline >= 0) {
                if (++requestRetries > settings.retries()) {
                    fail(new TftpClientException(null, "no answer from " + server + " after " + settings.retries() + " retries"));
                    return;
                }
                if (peer == null) {
                    sendTo(request, server);
                } else if (request.isRead()) {
                    sendTo(new Ack(0), peer); // our ACK of the OACK was lost
                }
                requestDeadline = now + timeoutNanos;
            }
            arm(requestDeadline - now);
            return;
        }
        if (receiver != null) {
            long ack = receiver.onTimeout(now);
            if (ack == -2) {
                fail(new TftpClientException(null, "no DATA after " + settings.retries() + " retries"));
                return;
            }
            if (ack >= 0) {
                sendTo(new Ack(BlockSender.wire(ack)), peer);
            }
            arm(receiver.deadline() - now);
        } else {
            handle(sender.onTimeout(now));
            if (!result.isDone()) {
                arm(sender.deadline() - now);
            }
        }
    }

    /**
     * Sets the timer {@code delayNanos} from now unless one is pending that is due no later. An
     * ACK that ends a backoff brings the deadline back to one timeout: a timer left at the
     * doubled interval would make the next loss wait that long.
     */
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

    private void refuse(String why) {
        sendTo(new ErrorPacket(TftpErrorCode.OPTION_REFUSED, why), peer);
        fail(new TftpClientException(null, "OACK refused: " + why));
    }

    private void sendTo(TftpPacket packet, InetSocketAddress to) {
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(TftpCodec.encode(packet)), to));
    }

    private void succeed(long bytes) {
        result.complete(bytes);
        close();
    }

    /** A block's bytes to {@link #download}, decoded first in netascii mode. */
    private void store(byte[] payload, boolean last) throws IOException {
        if (request.mode() != TransferMode.NETASCII) {
            download.write(payload, 0, payload.length);
            received += payload.length;
            return;
        }
        if (decoded == null) {
            decoded = new ByteArrayOutputStream(payload.length);
        }
        decoded.reset();
        netascii.decode(payload, 0, payload.length, decoded);
        if (last) {
            netascii.finish(decoded);
        }
        decoded.writeTo(download);
        received += decoded.size();
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
