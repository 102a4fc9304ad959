package org.bootnode.tftp.server.internal.fastpath;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.IovArray;
import io.netty.channel.unix.UnixChannel;
import java.io.IOException;

/**
 * Writes one datagram straight from native memory with write(2) or writev(2) on a connected
 * native socket, past the channel's outbound queue: the one place in this module that writes
 * past Netty's channel. A lockstep transfer waits on every block, and the queue's bookkeeping,
 * promise and pipeline trip cost more than the system call at small block sizes.
 *
 * <p>Measured (bench/tftp/README.md, tftp6: DATA written straight to the socket): 64
 * concurrent 16 MiB transfers at blksize 1468 with LoadClient went from 2.02x, 2.02x and 1.84x
 * tftpd-hpa through the channel to 2.18x, 2.16x and 2.18x with this, every run of ours then
 * above every run of tftpd-hpa's by at least 2.06x; the public route is the slower one.
 *
 * <p>Order is kept: a packet is written here only when nothing is queued on the channel ahead
 * of it, flushed or not; otherwise, on EAGAIN (the send buffer full: the channel then queues
 * and waits for it to drain) and on NIO the caller writes through the channel.
 */
public final class DirectSend {
    private DirectSend() {}

    /**
     * Writes {@code length} bytes at {@code address} as one datagram. Returns false when the
     * caller must write through the channel instead; throws when the send failed (a lost packet).
     */
    public static boolean write(Channel channel, long address, int length) throws IOException {
        FileDescriptor fd = socket(channel);
        return fd != null && fd.writeAddress(address, 0, length) > 0;
    }

    /** Writes the iovecs of {@code iov} as one datagram; see {@link #write}. */
    public static boolean writev(Channel channel, IovArray iov) throws IOException {
        FileDescriptor fd = socket(channel);
        return fd != null && fd.writevAddresses(iov.memoryAddress(0), iov.count()) > 0;
    }

    /** Whether this channel can ever be written to directly: a native socket. */
    public static boolean possible(Channel channel) {
        return channel instanceof UnixChannel;
    }

    /**
     * The native socket when nothing is queued on the channel ahead, flushed or not
     * ({@code isEmpty()} counts only flushed packets: a packet written to the channel earlier in
     * the same window must not be overtaken), else null.
     */
    private static FileDescriptor socket(Channel channel) {
        if (!(channel instanceof UnixChannel unix) || !channel.isActive()) {
            return null;
        }
        ChannelOutboundBuffer queued = channel.unsafe().outboundBuffer();
        return queued == null || queued.totalPendingWriteBytes() != 0 ? null : unix.fd();
    }
}
