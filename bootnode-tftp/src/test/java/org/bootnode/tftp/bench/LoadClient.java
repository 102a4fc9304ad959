package org.bootnode.tftp.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.bootnode.tftp.internal.Transport;
import org.bootnode.tftp.server.FastPath;

/**
 * A cheap TFTP load generator for bench/tftp/run.sh, the same for every server:
 * {@code LoadClient HOST PORT FILE LOCAL_COPY COUNT BLKSIZE}. Runs COUNT concurrent reads of FILE
 * (lockstep, window 1; asks for blksize and tsize, as curl does) in one process on one event
 * loop, so that a boot storm's clients, which run on other machines, cost the server's machine
 * as little as possible: per block one recv and one send on a socket connected to the server's
 * TID, and a CRC. Verifies every transfer
 * against LOCAL_COPY (the served file): byte count and CRC32C of each, SHA-256 of the first.
 * First runs a warm-up round of 8 transfers (not timed: the client's own JIT), then the timed
 * round; prints the timed round's MiB/s (all bytes over the time from the first request to the
 * last block) on standard output, the client's own CPU per block of that round on standard error,
 * and exits 1 when any transfer failed or differed.
 */
public final class LoadClient {
    private static final int WARM_TRANSFERS = 8;
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int RETRIES = 10;

    private LoadClient() {}

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        InetSocketAddress server = new InetSocketAddress(InetAddress.getByName(args[0]), Integer.parseInt(args[1]));
        String file = args[2];
        Path local = Path.of(args[3]);
        int count = Integer.parseInt(args[4]);
        int blksize = Integer.parseInt(args[5]);
        Expected expected = Expected.of(local);
        EventLoopGroup group = Transport.newGroup(1, "tftp-load", FastPath.on().ioHandlerFactory());
        try {
            round(group, server, file, blksize, WARM_TRANSFERS, expected);
            long c0 = cpuNanos();
            long t0 = System.nanoTime();
            long bytes = round(group, server, file, blksize, count, expected);
            long t1 = System.nanoTime();
            long c1 = cpuNanos();
            System.out.printf("%.1f%n", bytes / ((t1 - t0) / 1e9) / (1 << 20));
            long blocks = count * (expected.size() / blksize + 1);
            System.err.printf("LoadClient: %d transfers verified, client CPU %.1f us per block%n", count, (c1 - c0) / 1e3 / blocks);
        } catch (IllegalStateException e) {
            System.err.println("LoadClient: " + e.getMessage());
            System.exit(1);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** CPU time of every thread of this process so far (Linux: /proc/self/task/N/schedstat). */
    private static long cpuNanos() throws IOException {
        long sum = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                try {
                    sum += Long.parseLong(Files.readString(t.resolve("schedstat")).split(" ")[0]);
                } catch (NoSuchFileException e) {
                    // the thread ended
                }
            }
        }
        return sum;
    }

    /** What the served file holds. */
    private record Expected(long size, long crc, String sha256) {
        static Expected of(Path p) throws Exception {
            try (FileChannel ch = FileChannel.open(p)) {
                ByteBuffer all = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
                CRC32C crc = new CRC32C();
                crc.update(all.duplicate());
                MessageDigest sha = LoadClient.sha256();
                sha.update(all.duplicate());
                return new Expected(ch.size(), crc.getValue(), HexFormat.of().formatHex(sha.digest()));
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** COUNT transfers at once; the bytes moved, or IllegalStateException naming what failed. */
    private static long round(EventLoopGroup group, InetSocketAddress server, String file, int blksize, int count,
                              Expected expected) throws Exception {
        List<Get> gets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Get g = new Get(server, file, blksize, i == 0 ? sha256() : null);
            gets.add(g);
            new Bootstrap()
                    .group(group)
                    .channelFactory(Transport.datagramChannels(group, server.getAddress()))
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(blksize + 4 + 1))
                    .option(ChannelOption.SO_RCVBUF, 256 << 10)
                    .handler(g)
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .addListener(f -> {
                        if (!f.isSuccess()) {
                            g.done.completeExceptionally(f.cause());
                        }
                    });
        }
        long total = 0;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Get g = gets.get(i);
            try {
                g.done.get(5, TimeUnit.MINUTES);
            } catch (Exception e) {
                problems.add("transfer " + i + ": " + e.getCause());
                continue;
            }
            total += g.bytes;
            if (g.bytes != expected.size() || g.crc.getValue() != expected.crc()) {
                problems.add("transfer " + i + ": " + g.bytes + " bytes, crc32c " + Long.toHexString(g.crc.getValue())
                        + " (expected " + expected.size() + ", " + Long.toHexString(expected.crc()) + ")");
            }
            if (g.sha != null) {
                String sha = HexFormat.of().formatHex(g.sha.digest());
                if (!sha.equals(expected.sha256())) {
                    problems.add("transfer " + i + ": sha-256 " + sha + " (expected " + expected.sha256() + ")");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(problems.size() + " of " + count + " transfers failed: " + problems);
        }
        return total;
    }

    /** One read, lockstep: ACK each DATA in order, re-ACK a duplicate, resend on a timeout. */
    private static final class Get extends ChannelInboundHandlerAdapter {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final CRC32C crc = new CRC32C();
        final MessageDigest sha;
        private final InetSocketAddress server;
        private final byte[] request;
        private int blksize = 512; // until an OACK says otherwise
        private Channel channel;
        private InetSocketAddress peer;
        private int lastBlock;      // wire number of the last block accepted (0: none yet)
        private long bytes;
        private long progressNanos;
        private int tries;
        private ScheduledFuture<?> timer;

        Get(InetSocketAddress server, String file, int blksize, MessageDigest sha) {
            this.server = server;
            this.sha = sha;
            String opts = blksize == 512 ? "tsize\0" + "0\0" : "tsize\0" + "0\0blksize\0" + blksize + "\0";
            byte[] name = (file + "\0octet\0" + opts).getBytes(StandardCharsets.US_ASCII);
            request = new byte[2 + name.length];
            request[1] = 1; // RRQ
            System.arraycopy(name, 0, request, 2, name.length);
        }

        @Override
        public void channelActive(ChannelHandlerContext c) {
            channel = c.channel();
            channel.writeAndFlush(new DatagramPacket(channel.alloc().directBuffer(request.length).writeBytes(request), server));
            progressNanos = System.nanoTime();
            timer = channel.eventLoop().scheduleAtFixedRate(this::onTimer, TIMEOUT_NANOS, TIMEOUT_NANOS / 4, TimeUnit.NANOSECONDS);
        }

        @Override
        public void channelRead(ChannelHandlerContext c, Object msg) {
            DatagramPacket p = (DatagramPacket) msg;
            try {
                if (done.isDone()) {
                    return;
                }
                if (peer == null) {
                    // The server's TID: from now on a connected socket (send/recv, no address
                    // per packet; the kernel drops anyone else's packets).
                    peer = p.sender();
                    channel.connect(peer);
                } else if (!channel.isActive() || !peer.equals(p.sender())) {
                    return;
                }
                ByteBuf in = p.content();
                int len = in.readableBytes();
                int opcode = len >= 2 ? in.getUnsignedShort(in.readerIndex()) : -1;
                if (opcode == 6 && lastBlock == 0 && bytes == 0) {
                    blksize = oackBlksize(in.toString(in.readerIndex() + 2, len - 2, StandardCharsets.US_ASCII));
                    ack(0);
                } else if (opcode == 3 && len >= 4) {
                    int block = in.getUnsignedShort(in.readerIndex() + 2);
                    int payload = len - 4;
                    if (block == ((lastBlock + 1) & 0xffff)) {
                        if (payload > blksize) {
                            fail("DATA " + block + " of " + payload + " bytes, over blksize " + blksize);
                            return;
                        }
                        ByteBuffer data = in.nioBuffer(in.readerIndex() + 4, payload);
                        if (sha != null) {
                            sha.update(data.duplicate());
                        }
                        crc.update(data);
                        bytes += payload;
                        lastBlock = block;
                        progressNanos = System.nanoTime();
                        tries = 0;
                        ack(block);
                        if (payload < blksize) {
                            finish(null);
                        }
                    } else if (block == lastBlock) {
                        ack(block); // our ACK was lost
                    }
                } else if (opcode == 5) {
                    fail("ERROR from server: " + in.toString(in.readerIndex() + 4, Math.max(0, len - 5), StandardCharsets.US_ASCII));
                }
            } finally {
                p.release();
            }
        }

        /** The blksize an OACK's options ({@code name NUL value NUL ...}) grant: 512 when absent. */
        private static int oackBlksize(String options) {
            String[] parts = options.split("\0");
            for (int i = 0; i + 1 < parts.length; i += 2) {
                if (parts[i].equalsIgnoreCase("blksize")) {
                    return Integer.parseInt(parts[i + 1]);
                }
            }
            return 512;
        }

        private void ack(int block) {
            ByteBuf out = channel.alloc().directBuffer(4).writeShort(4).writeShort(block);
            channel.writeAndFlush(out, channel.voidPromise());
        }

        private void onTimer() {
            if (done.isDone() || System.nanoTime() - progressNanos < TIMEOUT_NANOS) {
                return;
            }
            if (++tries > RETRIES) {
                fail("no progress after " + RETRIES + " timeouts at block " + lastBlock + ", " + bytes + " bytes");
                return;
            }
            progressNanos = System.nanoTime();
            if (peer == null) {
                channel.writeAndFlush(new DatagramPacket(channel.alloc().directBuffer(request.length).writeBytes(request), server));
            } else {
                ack(lastBlock);
            }
        }

        private void fail(String why) {
            finish(new IllegalStateException(why));
        }

        private void finish(Throwable error) {
            timer.cancel(false);
            channel.close();
            if (error == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(error);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
            finish(cause);
        }
    }
}
