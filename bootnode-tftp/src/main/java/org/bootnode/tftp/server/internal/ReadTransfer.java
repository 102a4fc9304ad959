package org.bootnode.tftp.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.VoidChannelPromise;
import io.netty.channel.unix.IovArray;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import org.bootnode.tftp.Ack;
import org.bootnode.tftp.ErrorPacket;
import org.bootnode.tftp.Netascii;
import org.bootnode.tftp.Opcode;
import org.bootnode.tftp.OptionAck;
import org.bootnode.tftp.Request;
import org.bootnode.tftp.TftpErrorCode;
import org.bootnode.tftp.TftpOptions;
import org.bootnode.tftp.TftpPacket;
import org.bootnode.tftp.TftpProtocolException;
import org.bootnode.tftp.TransferMode;
import org.bootnode.tftp.internal.BlockSender;
import org.bootnode.tftp.internal.LogText;
import org.bootnode.tftp.server.FileLookup;
import org.bootnode.tftp.server.IgnoredPacket;
import org.bootnode.tftp.server.TftpFile;
import org.bootnode.tftp.server.TransferFailure;
import org.bootnode.tftp.server.internal.fastpath.Prefetch;

/**
 * Serves a read request. The file is opened on the file executor. Blocks are sent as slices
 * of a {@link BlockChunk} (about 128 KiB, or one window when larger, of ready-made DATA
 * packets) shared through the server's {@link ChunkCache} with every transfer of the same file
 * at the same block size: read once, off the loop unless the file is in memory; from blksize
 * {@value #ZERO_COPY} on, blocks in the page cache are sent straight from the file's mapping
 * instead. While one chunk is sent the next is asked for, so a lockstep transfer rarely waits
 * for it, and a transfer holds at most two chunks (references, not copies). Transfers of one
 * hot file share the page cache and its mapping. On a connected native socket each DATA packet
 * is written with one system call straight from the chunk or the mapping, past the channel's
 * queue ({@link #sendDirect(IovArray)}).
 */
public final class ReadTransfer extends Transfer {
    /** Bytes read ahead per trip to the file executor (more when one window is larger). */
    static final int READ_AHEAD = 128 * 1024;
    /**
     * From this block size on, blocks in the page cache are sent from it without a copy of our
     * own; below it the per-packet header and composite buffer cost more than the copy.
     */
    static final int ZERO_COPY = 8192;

    private TftpFile file;
    private BlockSender sender;
    private TftpOptions oack;
    private boolean reading;
    private BlockSender.Send pending;
    private BlockChunk current;
    private BlockChunk ahead;
    private ChannelPromise sent;
    /** The DATA header and the iovecs of a block sent straight from the page cache, made on first use. */
    private ByteBuf dataHeader;
    private IovArray iov;
    private boolean noDirect;

    /** A transfer for {@code request} from {@code client}. */
    public ReadTransfer(ServerContext ctx, Request request, InetSocketAddress client) {
        super(ctx, request, client);
    }

    /** What the file executor found: the lookup, or an I/O error, or a limit the request is over. */
    private record Prepared(TftpOptions allowed, FileLookup lookup, Exception error, String overLimit) {
        Prepared(TftpOptions allowed, FileLookup lookup, Exception error) {
            this(allowed, lookup, error, null);
        }
    }

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
                long limit = ctx.config().maxNetasciiSize();
                if (found.file().size() > limit) {
                    // Converted in memory, so bounded; the client is told why and what works
                    // instead (the file itself is readable: not an access violation).
                    String why = "netascii: file of " + found.file().size() + " bytes is over the server's limit of "
                            + limit + "; ask in octet mode";
                    closeQuietly(found.file());
                    return new Prepared(allowed, null, null, why);
                }
                lookup = toNetascii(found.file());
            }
            return new Prepared(allowed, lookup, null);
        } catch (IOException | RuntimeException e) {
            return new Prepared(allowed, null, e);
        }
    }

    private FileLookup toNetascii(TftpFile f) throws IOException {
        try (f) {
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
        if (p.overLimit() != null) {
            fail(TransferFailure.Kind.LIMIT, TftpErrorCode.NOT_DEFINED, p.overLimit(), true);
            return;
        }
        if (p.error() != null) {
            fail(TransferFailure.Kind.IO_ERROR, TftpErrorCode.NOT_DEFINED, "cannot read: " + p.error(), true);
            return;
        }
        if (p.lookup() instanceof FileLookup.NotFound nf) {
            fail(TransferFailure.Kind.NOT_FOUND, TftpErrorCode.FILE_NOT_FOUND, "file not found", true);
            LOG.debug("tftp {} {}: {}", client, name, LogText.escape(nf.reason()));
            return;
        }
        if (p.lookup() instanceof FileLookup.Denied d) {
            fail(TransferFailure.Kind.ACCESS_DENIED, TftpErrorCode.ACCESS_VIOLATION, "access violation", true);
            LOG.debug("tftp {} {}: {}", client, name, LogText.escape(d.reason()));
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
        sender = new BlockSender(size, blockSize, windowSize, !oack.isEmpty(), n.timeoutNanos(), ctx.config().retries(),
                new BlockSender.Limits(ctx.config().maxBackoff().toNanos(), ctx.config().maxStall().toNanos(),
                        ctx.config().maxTransferTime().toNanos()));
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
            BlockSender.Step step = sender.onAck(ack.block(), now());
            if (!(step instanceof BlockSender.Ignore)) {
                heard();
            }
            handle(step);
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
        for (long b = s.first(); b <= s.last(); b++) {
            if (blockSize >= ZERO_COPY && ctx.fastPath().enabled() && file instanceof MappedFile m) {
                ByteBuffer bytes = m.resident(sender.offset(b), sender.length(b));
                if (bytes != null) {
                    if (!sendDirect(b, bytes)) {
                        channel.write(toClient(fromPageCache(b, bytes), client), sent());
                    }
                    if (b == s.last() && b < sender.lastBlock()) {
                        prefetch(m, b + 1);
                    }
                    continue;
                }
            }
            BlockChunk in = chunkFor(b);
            if (in == null) {
                // Not read yet (or dropped: the receiver resumed inside a chunk already passed).
                channel.flush();
                pending = new BlockSender.Send(b, s.last());
                if (!reading) {
                    read(b, true);
                }
                return;
            }
            if (!in.hasMemoryAddress() || !sendDirect(in.address(b), in.length(b))) {
                channel.write(toClient(in.packet(b), client), sent());
            }
        }
        channel.flush();
        if (current != null && ahead == null && !reading && current.last() < sender.lastBlock()) {
            // Read the next run while this one is sent: a lockstep transfer never waits for it.
            read(current.last() + 1, false);
        }
    }

    /**
     * Has the loop read block {@code block} into the cache while the client answers, when it is
     * in the page cache and not the empty last block ({@link Prefetch}).
     */
    private void prefetch(MappedFile m, long block) {
        int length = sender.length(block);
        if (length > 0 && m.resident(sender.offset(block), length) != null) {
            Prefetch.offer(file, sender.offset(block), length);
        }
    }

    /**
     * Sends block {@code block} straight from the page cache: the header and the mapping as the
     * two iovecs of one writev (see {@link #sendDirect(IovArray)}).
     */
    private boolean sendDirect(long block, ByteBuffer bytes) {
        if (iov == null) {
            if (noDirect || !sendsDirect()) {
                return false;
            }
            ByteBuf header = channel.alloc().directBuffer(4, 4);
            ByteBuf vectors = channel.alloc().directBuffer(2 * IovArray.IOV_SIZE, 2 * IovArray.IOV_SIZE);
            if (!header.hasMemoryAddress() || !vectors.hasMemoryAddress()) {
                header.release();
                vectors.release();
                noDirect = true;
                return false;
            }
            dataHeader = header;
            iov = new IovArray(vectors);
        }
        dataHeader.setShort(0, Opcode.DATA.code()).setShort(2, BlockSender.wire(block)).setIndex(0, 4);
        ByteBuf payload = Unpooled.wrappedBuffer(bytes);
        try {
            iov.clear();
            return iov.add(dataHeader, 0, 4) && iov.add(payload, 0, payload.readableBytes()) && sendDirect(iov);
        } finally {
            payload.release();
        }
    }

    /**
     * A DATA packet whose payload is the page cache itself: the header in a buffer of its own,
     * the bytes as a second iovec of the same sendmsg, copied once, by the kernel.
     */
    private ByteBuf fromPageCache(long block, ByteBuffer bytes) {
        ByteBuf header = channel.alloc().directBuffer(4).writeShort(Opcode.DATA.code()).writeShort(BlockSender.wire(block));
        return channel.alloc().compositeDirectBuffer(2).addComponents(true, header, Unpooled.wrappedBuffer(bytes));
    }

    /**
     * One promise for every DATA write that reports nothing: a failed send (ENOBUFS under load,
     * say) is a lost packet that the retransmission timer recovers, as before, without a
     * promise allocated per packet.
     */
    private ChannelPromise sent() {
        if (sent == null) {
            sent = new VoidChannelPromise(channel, false);
        }
        return sent;
    }

    /** The chunk holding {@code block}; moving on to the read-ahead chunk drops the current one. */
    private BlockChunk chunkFor(long block) {
        if (current != null && current.contains(block)) {
            return current;
        }
        if (ahead != null && ahead.contains(block)) {
            if (current != null) {
                current.release();
            }
            current = ahead;
            ahead = null;
            return current;
        }
        return null;
    }

    /**
     * Gets the run of blocks holding {@code block} from the server's {@link ChunkCache}: shared
     * with every transfer of the same file and geometry, read once (off the loop unless the
     * file is in memory), one request at a time per transfer. A demand read replaces both
     * chunks; a read-ahead becomes the next chunk. When the cache has no room the retransmission
     * timer asks again.
     */
    private void read(long block, boolean demand) {
        int perChunk = blocksPerChunk();
        long index = (block - 1) / perChunk;
        long first = 1 + index * perChunk;
        long last = Math.min(first + perChunk - 1, sender.lastBlock());
        int bytes = (int) (last - first + 1) * (blockSize + 4);
        Object identity = file instanceof SharedFile s ? s.identity() : null;
        ChunkCache.Key key = identity == null ? null : new ChunkCache.Key(identity, size, blockSize, perChunk, index);
        TftpFile f = file;
        BlockSender geometry = sender;
        ByteBufAllocator alloc = channel.alloc();
        ChunkCache.Loader loader = () -> {
            BlockChunk c = BlockChunk.read(f, geometry, first, last, alloc);
            if (f instanceof SharedFile s && !f.inMemory()) {
                try {
                    s.checkUnchanged();
                } catch (IOException | RuntimeException e) {
                    c.free();
                    throw e;
                }
            }
            return c;
        };
        reading = true;
        EventLoop loop = channel.eventLoop();
        ChunkCache.Claim claim = ctx.chunks().acquire(key, bytes, file.inMemory(), loader, (c, error) -> {
            try {
                loop.execute(() -> onRead(c, demand, error));
            } catch (RejectedExecutionException e) {
                // The loop is shutting down: the transfer ends with it.
                if (c != null) {
                    c.release();
                }
            }
        });
        if (claim instanceof ChunkCache.Ready r) {
            onRead(r.chunk(), demand, null);
        } else if (claim instanceof ChunkCache.Busy) {
            reading = false;
        }
    }

    /** Blocks per chunk: READ_AHEAD bytes of packets, and at least one window. */
    private int blocksPerChunk() {
        return Math.max(windowSize, Math.max(1, READ_AHEAD / (blockSize + 4)));
    }

    /** A run arrived; both null: it was not read (the file threads were full), the timer asks again. */
    private void onRead(BlockChunk read, boolean demand, IOException error) {
        reading = false;
        if (ended()) {
            if (read != null) {
                read.release();
            }
            return;
        }
        if (error != null) {
            fail(TransferFailure.Kind.IO_ERROR, TftpErrorCode.NOT_DEFINED, "read failed: " + error.getMessage(), true);
            return;
        }
        if (read == null) {
            return;
        }
        if (demand) {
            releaseChunks();
            current = read;
        } else if (ahead == null && current != null && read.first() == current.last() + 1) {
            ahead = read;
        } else {
            read.release();
        }
        if (pending != null) {
            BlockSender.Send next = pending;
            pending = null;
            sendBlocks(next);
        }
    }

    private void releaseChunks() {
        if (current != null) {
            current.release();
            current = null;
        }
        if (ahead != null) {
            ahead.release();
            ahead = null;
        }
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
        releaseChunks();
        if (iov != null) {
            iov.release();
            dataHeader.release();
            iov = null;
        }
        if (file != null) {
            Prefetch.forget(file);
            closeQuietly(file);
        }
    }

    private static void closeQuietly(TftpFile f) {
        try {
            f.close();
        } catch (IOException e) {
            LOG.debug("closing a served file: {}", LogText.escape(e));
        }
    }

}
