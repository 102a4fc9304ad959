package org.bootnode.storm;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.Native;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.UnixChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Discards a download's body in the kernel: on epoll the bytes go from the socket to
 * {@code /dev/null} through a pipe ({@code splice(2)}, twice per pipe-full of 64 KiB) and never
 * reach the generator's memory. A storm of 5,000 nodes fetches 200 GB of kernels and initrds;
 * copying them into user space was most of the generator's CPU, on the machine whose server it
 * measures. Every byte is still counted.
 *
 * <p>The channel still reads, in reads of {@link #READ_BYTES} (the head, a script), so that its
 * loop tells when bytes are there and when the server closed; each read of a body is followed by
 * a {@link #drain} of what the socket holds. Netty's own {@code spliceTo} cannot be used: it
 * closes the channel when the server's FIN is seen while more than a pipe-full is still queued
 * (a server closes right after the last byte of a {@code Connection: close} answer), and it
 * opens a new pipe for every read. Here each event loop has one pipe, always left empty.
 */
final class BodyDiscard implements AutoCloseable {
    /** The size of the channel's own reads: a response head and a script fit. */
    static final int READ_BYTES = 4096;

    private final FileDescriptor devNull;
    private final ThreadLocal<FileDescriptor[]> pipes = new ThreadLocal<>();
    private final List<FileDescriptor[]> opened = new ArrayList<>();
    private final LongAdder moved = new LongAdder();

    private BodyDiscard(FileDescriptor devNull) {
        this.devNull = devNull;
    }

    /** Opens /dev/null for the discarded bodies. */
    static BodyDiscard open() {
        try {
            return new BodyDiscard(FileDescriptor.from("/dev/null"));
        } catch (IOException e) {
            throw new UncheckedIOException("/dev/null", e);
        }
    }

    /** Small reads on the download's channel: what is read is copied, the rest is spliced. */
    void configure(Bootstrap b) {
        b.option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(READ_BYTES));
    }

    /**
     * Moves what {@code ch}'s socket holds now, at most {@code limit} bytes, to /dev/null; returns
     * how many bytes went (0 when the socket had none). On {@code ch}'s event loop.
     */
    long drain(Channel ch, long limit) throws IOException {
        int socket = ((UnixChannel) ch).fd().intValue();
        FileDescriptor[] pipe = pipe();
        long n = 0;
        while (n < limit) {
            int in = Native.splice(socket, -1, pipe[1].intValue(), -1, limit - n);
            if (in <= 0) {
                break;   // nothing more queued now (EAGAIN), or the end of the stream: the channel's read sees which
            }
            for (int left = in; left > 0; ) {
                int out = Native.splice(pipe[0].intValue(), -1, devNull.intValue(), -1, left);
                if (out <= 0) {
                    throw new IOException("splice to /dev/null moved nothing");
                }
                left -= out;
            }
            n += in;
        }
        moved.add(n);
        return n;
    }

    /** Bytes moved to /dev/null so far, by every loop. */
    long moved() {
        return moved.sum();
    }

    private FileDescriptor[] pipe() throws IOException {
        FileDescriptor[] p = pipes.get();
        if (p == null) {
            p = FileDescriptor.pipe();
            synchronized (opened) {
                opened.add(p);
            }
            pipes.set(p);
        }
        return p;
    }

    @Override
    public void close() {
        synchronized (opened) {
            for (FileDescriptor[] p : opened) {
                closeQuietly(p[0]);
                closeQuietly(p[1]);
            }
            opened.clear();
        }
        closeQuietly(devNull);
    }

    private static void closeQuietly(FileDescriptor fd) {
        try {
            fd.close();
        } catch (IOException e) {
            // a pipe or /dev/null: nothing in them to lose
        }
    }
}
