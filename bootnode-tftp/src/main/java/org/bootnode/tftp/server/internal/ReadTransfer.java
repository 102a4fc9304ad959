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
 * Serves a read request. The file is opened on the file executor; blocks of a file on disk are
 * read there too (one task per window, positional reads into pooled buffers, so transfers of
 * one hot file share the page cache and never wait for each other), then sent from the event
 * loop. Files in memory are read on the loop.
 */
public final class ReadTransfer extends Transfer {
    private TftpFile file;
    private BlockSender sender;
    private TftpOptions oack;
    private boolean reading;
    private BlockSender.Send pending;

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
                writeAll(readBlocks(s));
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
        try {
            ctx.files().execute(() -> {
                List<ByteBuf> blocks = null;
                IOException error = null;
                try {
                    blocks = readBlocks(s);
                } catch (IOException e) {
                    error = e;
                }
                List<ByteBuf> read = blocks;
                IOException failure = error;
                channel.eventLoop().execute(() -> onRead(read, failure));
            });
        } catch (RejectedExecutionException e) {
            // The executor is saturated: the retransmission timer tries again.
            reading = false;
        }
    }

    private void onRead(List<ByteBuf> blocks, IOException error) {
        reading = false;
        if (ended()) {
            if (blocks != null) {
                blocks.forEach(ByteBuf::release);
            }
            return;
        }
        if (error != null) {
            fail(TransferFailure.Kind.IO_ERROR, TftpErrorCode.NOT_DEFINED, "read failed: " + error, true);
            return;
        }
        writeAll(blocks);
        if (pending != null) {
            BlockSender.Send next = pending;
            pending = null;
            sendBlocks(next);
        }
    }

    /** Reads blocks into DATA packets (header included); may block, so it runs on the executor for disk files. */
    private List<ByteBuf> readBlocks(BlockSender.Send s) throws IOException {
        List<ByteBuf> out = new ArrayList<>((int) (s.last() - s.first() + 1));
        try {
            for (long b = s.first(); b <= s.last(); b++) {
                int len = sender.length(b);
                ByteBuf buf = channel.alloc().directBuffer(4 + len);
                out.add(buf);
                buf.writeShort(3).writeShort(BlockSender.wire(b));
                ByteBuffer dst = buf.nioBuffer(4, len);
                long pos = sender.offset(b);
                while (dst.hasRemaining()) {
                    int n = file.read(dst, pos + dst.position());
                    if (n < 0) {
                        throw new IOException("file shrank to " + (pos + dst.position()) + " bytes while being served");
                    }
                }
                buf.writerIndex(4 + len);
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
