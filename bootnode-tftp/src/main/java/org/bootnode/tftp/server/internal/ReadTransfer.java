package org.bootnode.tftp.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.socket.DatagramPacket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.bootnode.tftp.Ack;
import org.bootnode.tftp.ErrorPacket;
import org.bootnode.tftp.Netascii;
import org.bootnode.tftp.OptionAck;
import org.bootnode.tftp.Request;
import org.bootnode.tftp.TftpErrorCode;
import org.bootnode.tftp.TftpOptions;
import org.bootnode.tftp.TftpPacket;
import org.bootnode.tftp.TftpProtocolException;
import org.bootnode.tftp.TransferMode;
import org.bootnode.tftp.internal.BlockSender;
import org.bootnode.tftp.server.FileLookup;
import org.bootnode.tftp.server.IgnoredPacket;
import org.bootnode.tftp.server.TftpFile;
import org.bootnode.tftp.server.TransferFailure;

/**
 * Serves a read request. The file is opened on the file executor; a file on disk is read there
 * too, with positional reads of 128 KiB (or one window, when larger) into a pooled buffer, and
 * the blocks are then sent from the event loop out of that buffer. Transfers of one hot file
 * share the kernel's page cache and never wait for each other or block a loop; a lockstep
 * transfer at 512-byte blocks goes to the executor once per 256 blocks, not once per ACK.
 * Files in memory are read on the loop.
 */
public final class ReadTransfer extends Transfer {
    /** Bytes read ahead per trip to the file executor (more when one window is larger). */
    static final int READ_AHEAD = 128 * 1024;

    private TftpFile file;
    private BlockSender sender;
    private TftpOptions oack;
    private boolean reading;
    private BlockSender.Send pending;
    private ByteBuf chunk;
    private long chunkStart;

    /** A transfer for {@code request} from {@code client}. */
    public ReadTransfer(ServerContext ctx, Request request, InetSocketAddress client) {
        super(ctx, request, client);
    }

    private record Prepared(TftpOptions allowed, FileLookup lookup, Exception error) {}

    @Override
    void begin() {
        try {
            ctx.files().execute(() -> {
                Prepared p = prepare();
                channel.eventLoop().execute(() -> onPrepared(p));
            });
        } catch (RejectedExecutionException e) {
            fail(TransferFailure.Kind.LIMIT, TftpErrorCode.NOT_DEFINED, "server busy", true);
        }
    }

    private Prepared prepare() {
        TftpOptions allowed = TftpOptions.empty();
        try {
            allowed = ctx.policy().allowed(client, request.filename(), request.options());
            FileLookup lookup = ctx.source().open(client, request.filename());
            if (lookup instanceof FileLookup.Found found && request.mode() == TransferMode.NETASCII) {
                lookup = toNetascii(found.file());
            }
            return new Prepared(allowed, lookup, null);
        } catch (IOException | RuntimeException e) {
            return new Prepared(allowed, null, e);
        }
    }

    private FileLookup toNetascii(TftpFile f) throws IOException {
        try (f) {
            if (f.size() > ctx.config().maxNetasciiSize()) {
                return FileLookup.denied("too large for netascii: " + f.size() + " bytes");
            }
            ByteBuffer all = ByteBuffer.allocate((int) f.size());
            while (all.hasRemaining() && f.read(all, all.position()) > 0) {
                // positional reads until full
            }
            return FileLookup.found(TftpFile.of(Netascii.encode(all.array())));
        }
    }

    private void onPrepared(Prepared p) {
        if (ended()) {
            if (p.lookup() instanceof FileLookup.Found f) {
                closeQuietly(f.file());
            }
            return;
        }
        if (p.error() != null) {
            fail(TransferFailure.Kind.IO_ERROR, TftpErrorCode.NOT_DEFINED, "cannot read: " + p.error(), true);
            return;
        }
        if (p.lookup() instanceof FileLookup.NotFound nf) {
            fail(TransferFailure.Kind.NOT_FOUND, TftpErrorCode.FILE_NOT_FOUND, "file not found", true);
            LOG.debug("tftp {} {}: {}", client, request.filename(), nf.reason());
            return;
        }
        if (p.lookup() instanceof FileLookup.Denied d) {
            fail(TransferFailure.Kind.ACCESS_DENIED, TftpErrorCode.ACCESS_VIOLATION, "access violation", true);
            LOG.debug("tftp {} {}: {}", client, request.filename(), d.reason());
            return;
        }
        file = ((FileLookup.Found) p.lookup()).file();
        size = file.size();
        Negotiation n;
        try {
            n = Negotiation.negotiate(p.allowed(), size, ctx.config());
        } catch (TftpProtocolException e) {
            fail(TransferFailure.Kind.PROTOCOL, e.errorCode(), e.getMessage(), true);
            return;
        }
        blockSize = n.blockSize();
        windowSize = n.windowSize();
        oack = n.oack();
        sender = new BlockSender(size, blockSize, windowSize, !oack.isEmpty(), n.timeoutNanos(), ctx.config().retries());
        started();
        handle(sender.start(now()));
    }

    @Override
    void onPacket(TftpPacket packet) {
        if (packet instanceof Ack ack) {
            if (sender == null) {
                ignored(new IgnoredPacket.Stale("ACK " + ack.block() + " before the transfer started"));
                return;
            }
            handle(sender.onAck(ack.block(), now()));
        } else if (packet instanceof ErrorPacket error) {
            if (error.code().equals(TftpErrorCode.OPTION_REFUSED) && (sender == null || sender.acked() < 0)) {
                // RFC 2347: the client declines the OACK. UEFI does this after a tsize probe.
                declined();
            } else {
                fail(TransferFailure.Kind.CLIENT_ERROR, error.code(), "client sent ERROR " + error.code().code() + ": " + error.message(), false);
            }
        } else {
            ignored(new IgnoredPacket.Unexpected(packet.opcode() + " during a read transfer"));
        }
    }

    private void handle(BlockSender.Step step) {
        if (step instanceof BlockSender.Send s) {
            if (s.first() == 0) {
                send(new OptionAck(oack));
            } else {
                sendBlocks(s);
            }
            armTimer();
        } else if (step instanceof BlockSender.Done) {
            finished();
        } else if (step instanceof BlockSender.Failed f) {
            fail(TransferFailure.Kind.TIMED_OUT, null, f.reason(), false);
        } else if (step instanceof BlockSender.Ignore i) {
            ignored(new IgnoredPacket.Stale(i.reason()));
        }
    }

    private void sendBlocks(BlockSender.Send s) {
        if (file.inMemory()) {
            try {
                writeAll(packets(s, null));
            } catch (IOException e) {
                fail(TransferFailure.Kind.IO_ERROR, TftpErrorCode.NOT_DEFINED, "read failed: " + e, true);
            }
            return;
        }
        long from = sender.offset(s.first());
        long to = sender.offset(s.last()) + sender.length(s.last());
        if (chunk != null && from >= chunkStart && to <= chunkStart + chunk.readableBytes()) {
            // Served from the read-ahead chunk on the loop: no hop to the executor per window.
            try {
                writeAll(packets(s, chunk));
            } catch (IOException e) {
                fail(TransferFailure.Kind.IO_ERROR, TftpErrorCode.NOT_DEFINED, "read failed: " + e, true);
            }
            return;
        }
        if (reading) {
            // One read at a time per transfer keeps blocks in order; the newest request wins.
            pending = s;
            return;
        }
        reading = true;
        int length = (int) Math.min(Math.max(READ_AHEAD, to - from), size - from);
        try {
            ctx.files().execute(() -> {
                ByteBuf read = channel.alloc().directBuffer(Math.max(length, 1));
                IOException error = null;
                try {
                    fill(read, from, length);
                } catch (IOException e) {
                    error = e;
                } catch (RuntimeException e) {
                    error = new IOException(e);
                }
                IOException failure = error;
                channel.eventLoop().execute(() -> onRead(s, read, from, failure));
            });
        } catch (RejectedExecutionException e) {
            // The executor is saturated: the retransmission timer tries again.
            reading = false;
        }
    }

    /** Positional reads until {@code length} bytes at {@code position} are in {@code buf}; blocks. */
    private void fill(ByteBuf buf, long position, int length) throws IOException {
        ByteBuffer dst = buf.nioBuffer(0, length);
        while (dst.hasRemaining()) {
            int n = file.read(dst, position + dst.position());
            if (n < 0) {
                throw new IOException("file shrank to " + (position + dst.position()) + " bytes while being served");
            }
        }
        buf.writerIndex(length);
    }

    private void onRead(BlockSender.Send s, ByteBuf read, long from, IOException error) {
        reading = false;
        if (ended()) {
            read.release();
            return;
        }
        if (error != null) {
            read.release();
            fail(TransferFailure.Kind.IO_ERROR, TftpErrorCode.NOT_DEFINED, "read failed: " + error, true);
            return;
        }
        if (chunk != null) {
            chunk.release();
        }
        chunk = read;
        chunkStart = from;
        BlockSender.Send next = pending != null ? pending : s;
        pending = null;
        sendBlocks(next);
    }

    /** DATA packets for the blocks, from the chunk or (files in memory) straight from the file. */
    private List<ByteBuf> packets(BlockSender.Send s, ByteBuf source) throws IOException {
        List<ByteBuf> out = new ArrayList<>((int) (s.last() - s.first() + 1));
        try {
            for (long b = s.first(); b <= s.last(); b++) {
                int len = sender.length(b);
                ByteBuf buf = channel.alloc().directBuffer(4 + len);
                out.add(buf);
                buf.writeShort(3).writeShort(BlockSender.wire(b));
                if (source != null) {
                    buf.writeBytes(source, (int) (sender.offset(b) - chunkStart), len);
                } else {
                    ByteBuffer dst = buf.nioBuffer(4, len);
                    while (dst.hasRemaining()) {
                        if (file.read(dst, sender.offset(b) + dst.position()) < 0) {
                            throw new IOException("file shorter than its size");
                        }
                    }
                    buf.writerIndex(4 + len);
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            out.forEach(ByteBuf::release);
            throw e;
        }
    }

    private void writeAll(List<ByteBuf> blocks) {
        for (ByteBuf b : blocks) {
            channel.write(new DatagramPacket(b, client));
        }
        channel.flush();
    }

    @Override
    void onTimer(long now) {
        if (sender != null) {
            handle(sender.onTimeout(now));
        }
    }

    @Override
    long deadline() {
        return sender == null || sender.finished() ? Long.MIN_VALUE : sender.deadline();
    }

    @Override
    long bytes() {
        return sender == null ? 0 : sender.bytesAcked();
    }

    @Override
    void release() {
        if (chunk != null) {
            chunk.release();
            chunk = null;
        }
        if (file != null) {
            closeQuietly(file);
        }
    }

    private static void closeQuietly(TftpFile f) {
        try {
            f.close();
        } catch (IOException e) {
            LOG.debug("closing a served file: {}", e.toString());
        }
    }

}
