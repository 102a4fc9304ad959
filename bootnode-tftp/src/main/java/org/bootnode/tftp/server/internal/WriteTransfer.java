package org.bootnode.tftp.server.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import org.bootnode.tftp.Ack;
import org.bootnode.tftp.Data;
import org.bootnode.tftp.ErrorPacket;
import org.bootnode.tftp.Netascii;
import org.bootnode.tftp.OptionAck;
import org.bootnode.tftp.Request;
import org.bootnode.tftp.TftpErrorCode;
import org.bootnode.tftp.TftpPacket;
import org.bootnode.tftp.TftpProtocolException;
import org.bootnode.tftp.TransferMode;
import org.bootnode.tftp.internal.BlockReceiver;
import org.bootnode.tftp.internal.BlockSender;
import org.bootnode.tftp.internal.LogText;
import org.bootnode.tftp.server.IgnoredPacket;
import org.bootnode.tftp.server.TftpPaths;
import org.bootnode.tftp.server.TransferFailure;

/**
 * Serves a write request into the upload folder: flat names only, a new file each time (never
 * an overwrite), at most the configured size. Received bytes are gathered into chunks of up to
 * 256 KiB and written on the file executor; the file is synced before the transfer counts as
 * finished. A failed upload is deleted.
 */
public final class WriteTransfer extends Transfer {
    private static final int CHUNK = 256 * 1024;

    private Path target;
    private FileChannel out;
    private BlockReceiver receiver;
    private final ByteArrayOutputStream chunk = new ByteArrayOutputStream();
    private final Netascii.Decoder netascii = new Netascii.Decoder();
    private long received;
    private long written;
    private long dallyUntil = Long.MIN_VALUE;
    private boolean complete;
    /** Chunks not yet on disk; at most maxUploadSize bytes, checked as DATA arrives. */
    private final ArrayDeque<Chunk> queued = new ArrayDeque<>();
    private boolean writing;
    private TftpPacket first;

    /** A transfer for {@code request} from {@code client}. */
    public WriteTransfer(ServerContext ctx, Request request, InetSocketAddress client) {
        super(ctx, request, client);
    }

    private record Opened(Path target, FileChannel out, TftpErrorCode error, String detail) {}

    @Override
    void begin() {
        Negotiation n;
        try {
            n = Negotiation.negotiate(ctx.policy().allowed(client, request.filename(), request.options()), -1, ctx.config());
        } catch (TftpProtocolException e) {
            fail(e.errorCode().equals(TftpErrorCode.DISK_FULL) ? TransferFailure.Kind.LIMIT : TransferFailure.Kind.PROTOCOL,
                    e.errorCode(), e.getMessage(), true);
            return;
        } catch (RuntimeException e) {
            // The embedder's option policy failed: refuse the transfer, keep the loop.
            fail(TransferFailure.Kind.IO_ERROR, TftpErrorCode.NOT_DEFINED, "option policy failed: " + e, true);
            return;
        }
        blockSize = n.blockSize();
        windowSize = n.windowSize();
        size = n.tsize();
        try {
            ctx.files().execute(() -> {
                Opened o = open();
                channel.eventLoop().execute(() -> onOpened(o, n));
            });
        } catch (RejectedExecutionException e) {
            fail(TransferFailure.Kind.LIMIT, TftpErrorCode.NOT_DEFINED, "server busy", true);
        }
    }

    private Opened open() {
        TftpPaths.Name name = TftpPaths.normalise(request.filename());
        if (name.refused()) {
            return new Opened(null, null, TftpErrorCode.ACCESS_VIOLATION, name.refusal());
        }
        if (name.path().contains("/")) {
            return new Opened(null, null, TftpErrorCode.ACCESS_VIOLATION, "uploads take flat names only");
        }
        Path dir = ctx.config().uploadDirectory();
        Path file = dir.resolve(name.path());
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new Opened(file, ch, null, null);
        } catch (FileAlreadyExistsException e) {
            return new Opened(null, null, TftpErrorCode.FILE_EXISTS, "file already exists");
        } catch (IOException e) {
            return new Opened(null, null, TftpErrorCode.ACCESS_VIOLATION, "cannot create: " + e.getMessage());
        }
    }

    private void onOpened(Opened o, Negotiation n) {
        if (ended()) {
            closeAndDelete(o.out(), o.target());
            return;
        }
        if (o.error() != null) {
            fail(TransferFailure.Kind.ACCESS_DENIED, o.error(), o.detail(), true);
            return;
        }
        target = o.target();
        out = o.out();
        receiver = new BlockReceiver(blockSize, windowSize, n.timeoutNanos(), ctx.config().retries(), now());
        started();
        // RFC 2347: an OACK answers a WRQ with options; otherwise ACK 0.
        first = n.oack().isEmpty() ? new Ack(0) : new OptionAck(n.oack());
        progressAt = now();
        send(first);
        armTimer();
    }

    /** When the upload last moved on (its start, or a new DATA block). */
    private long progressAt;

    @Override
    void onPacket(TftpPacket packet) {
        if (packet instanceof Data data && receiver != null) {
            BlockReceiver.Step step = receiver.onData(data.block(), data.length(), now());
            if (step.accept()) {
                heard();
                progressAt = now();
                received += data.length();
                if (received > ctx.config().maxUploadSize()) {
                    fail(TransferFailure.Kind.LIMIT, TftpErrorCode.DISK_FULL, "upload larger than " + ctx.config().maxUploadSize() + " bytes", true);
                    return;
                }
                byte[] payload = data.payload();
                if (request.mode() == TransferMode.NETASCII) {
                    netascii.decode(payload, 0, payload.length, chunk);
                    if (step.last()) {
                        netascii.finish(chunk);
                    }
                } else {
                    chunk.write(payload, 0, payload.length);
                }
                if (chunk.size() >= CHUNK || step.last()) {
                    flush(step.last());
                }
            } else if (step.ignored() != null) {
                ignored(new IgnoredPacket.Stale(step.ignored()));
            }
            if (step.sendAck()) {
                send(new Ack(BlockSender.wire(step.ack())));
            }
            if (step.last() && dallyUntil == Long.MIN_VALUE) {
                // RFC 1350 §6: stay a while to ACK a resent last block whose ACK was lost.
                dallyUntil = now() + ctx.config().timeout().toNanos() * 2;
            }
            armTimer();
        } else if (packet instanceof ErrorPacket error) {
            fail(TransferFailure.Kind.CLIENT_ERROR, error.code(), "client sent ERROR " + error.code().code() + ": " + error.message(), false);
        } else {
            ignored(new IgnoredPacket.Unexpected(packet.opcode() + " during a write transfer"));
        }
    }

    /** A chunk waiting for the disk: its bytes, and whether it ends the upload. */
    private record Chunk(byte[] bytes, boolean last) {}

    private void flush(boolean last) {
        queued.add(new Chunk(chunk.toByteArray(), last));
        chunk.reset();
        if (!writing) {
            writeNext();
        }
    }

    /**
     * Writes the oldest queued chunk on the file executor. One write at a time per upload: the
     * executor has several threads, and a last chunk (with its fsync and the close that follows)
     * must never overtake an earlier one.
     */
    private void writeNext() {
        Chunk next = queued.poll();
        if (next == null) {
            return;
        }
        writing = true;
        byte[] bytes = next.bytes();
        boolean last = next.last();
        long position = written;
        written += bytes.length;
        FileChannel ch = out;
        try {
            ctx.files().execute(() -> {
                IOException error = null;
                try {
                    ByteBuffer buf = ByteBuffer.wrap(bytes);
                    while (buf.hasRemaining()) {
                        ch.write(buf, position + buf.position());
                    }
                    if (last) {
                        ch.force(true);
                    }
                } catch (IOException e) {
                    error = e;
                }
                IOException failure = error;
                channel.eventLoop().execute(() -> onWritten(last, failure));
            });
        } catch (RejectedExecutionException e) {
            writing = false;
            fail(TransferFailure.Kind.LIMIT, TftpErrorCode.NOT_DEFINED, "server busy", true);
        }
    }

    private void onWritten(boolean last, IOException error) {
        writing = false;
        if (ended()) {
            return;
        }
        if (error != null) {
            fail(TransferFailure.Kind.IO_ERROR, TftpErrorCode.DISK_FULL, "write failed: " + error, true);
        } else if (last) {
            complete = true;
            closeQuietly(out);
            out = null;
            finishWhenDallied();
            armTimer(); // the dally may still run: its end finishes the transfer
        } else {
            writeNext();
        }
    }

    private void finishWhenDallied() {
        if (complete && now() - dallyUntil >= 0) {
            finished();
        }
    }

    @Override
    void onTimer(long now) {
        if (receiver == null) {
            return;
        }
        if (receiver.finished()) {
            finishWhenDallied();
            return;
        }
        if (now - limit() >= 0) {
            fail(TransferFailure.Kind.TIMED_OUT, null, now - progressAt >= ctx.config().maxStall().toNanos()
                    ? "no DATA for " + (now - progressAt) / 1_000_000 + " ms"
                    : "transfer ran for " + (now - startNanos) / 1_000_000 + " ms, over the limit", false);
            return;
        }
        long ack = receiver.onTimeout(now);
        if (ack == -2) {
            fail(TransferFailure.Kind.TIMED_OUT, null, "no DATA after " + ctx.config().retries() + " retries", false);
        } else if (ack >= 0) {
            send(ack == 0 ? first : new Ack(BlockSender.wire(ack)));
        }
    }

    @Override
    long deadline() {
        if (receiver == null) {
            return Long.MIN_VALUE;
        }
        if (receiver.finished()) {
            return complete ? dallyUntil : Long.MIN_VALUE;
        }
        long due = receiver.deadline();
        return limit() - due < 0 ? limit() : due;
    }

    /** When the stall or the transfer-time limit ends this upload (see TftpServerConfig). */
    private long limit() {
        long stalled = progressAt + ctx.config().maxStall().toNanos();
        long over = startNanos + ctx.config().maxTransferTime().toNanos();
        return over - stalled < 0 ? over : stalled;
    }

    @Override
    long bytes() {
        return received;
    }

    @Override
    void release() {
        queued.clear();
        if (!complete) {
            closeAndDelete(out, target);
        }
    }

    private void closeAndDelete(FileChannel ch, Path file) {
        Runnable delete = () -> {
            closeQuietly(ch);
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warn("tftp: cannot delete failed upload {}: {}", LogText.escape(file), LogText.escape(e));
                }
            }
        };
        try {
            // Disk work stays off the event loop, even when cleaning up.
            ctx.files().execute(delete);
        } catch (RejectedExecutionException e) {
            delete.run(); // the server is closing: no loop to protect any more
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.debug("closing an upload: {}", LogText.escape(e));
            }
        }
    }
}
