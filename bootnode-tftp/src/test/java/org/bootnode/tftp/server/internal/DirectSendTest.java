package org.bootnode.tftp.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.bootnode.tftp.Request;
import org.bootnode.tftp.TftpOptions;
import org.bootnode.tftp.TftpPacket;
import org.bootnode.tftp.server.FastPath;
import org.bootnode.tftp.server.FileSource;
import org.bootnode.tftp.server.OptionPolicy;
import org.bootnode.tftp.server.TftpListener;
import org.bootnode.tftp.server.TftpServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Transfer#sendDirect(long, int)} on real sockets: it writes past the channel's queue
 * only when nothing is queued there, flushed or not, so packets keep their order.
 */
@Timeout(30) // the peer's receive blocks: a packet that never comes fails the test, not hangs it
class DirectSendTest {
    private EventLoopGroup group;
    private DatagramChannel peer;
    private final ByteBuf packetB = Unpooled.directBuffer(1).writeBytes("B".getBytes(StandardCharsets.US_ASCII));

    /** A transfer that only sends what the test tells it to. */
    private static final class Probe extends Transfer {
        Probe(InetSocketAddress client) {
            super(new ServerContext(TftpServerConfig.builder().build(), FileSource.inMemory(Map.of()), OptionPolicy.ALL,
                    new TftpListener() {}, new ReadTransferTest.Inline(), new TransferRegistry(1, 1), null, null,
                    client.getAddress(), System::nanoTime, FastPath.on()), Request.read("f", TftpOptions.empty()), client);
        }

        @Override
        void begin() {}

        @Override
        void onPacket(TftpPacket packet) {}

        @Override
        void onTimer(long now) {}

        @Override
        long deadline() {
            return Long.MIN_VALUE;
        }

        @Override
        long bytes() {
            return 0;
        }

        @Override
        void release() {}
    }

    @AfterEach
    void tearDown() throws Exception {
        packetB.release();
        if (peer != null) {
            peer.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        }
    }

    private InetSocketAddress openPeer() throws Exception {
        peer = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return (InetSocketAddress) peer.getLocalAddress();
    }

    private String receive() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(64);
        peer.receive(b);
        return new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII);
    }

    private <T> T onLoop(Channel c, Callable<T> task) throws Exception {
        return c.eventLoop().submit(task).get(5, TimeUnit.SECONDS);
    }

    private Channel connect(ChannelHandler handler, InetSocketAddress to) throws Exception {
        return new Bootstrap().group(group).channel(EpollDatagramChannel.class).handler(handler)
                .connect(to, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    @Test
    void aPacketQueuedOnTheChannelIsNeverOvertaken() throws Exception {
        assertTrue(Epoll.isAvailable(), "native epoll must load on Linux: " + Epoll.unavailabilityCause());
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        InetSocketAddress to = openPeer();
        Probe t = new Probe(to);
        Channel c = connect(t, to);
        Channel guard = new Bootstrap().group(group).channel(EpollDatagramChannel.class).handler(new ChannelInboundHandlerAdapter())
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        try {
            onLoop(c, () -> {
                t.connectedWithGuard(guard);
                return null;
            });
            // A written, unflushed packet A ahead: B must go through the channel after it.
            assertFalse(onLoop(c, () -> {
                c.write(Unpooled.copiedBuffer("A", StandardCharsets.US_ASCII));
                return t.sendDirect(packetB.memoryAddress(), 1);
            }));
            onLoop(c, c::flush);
            assertEquals("A", receive());
            // Nothing queued now: B goes straight out.
            assertTrue(onLoop(c, () -> t.sendDirect(packetB.memoryAddress(), 1)));
            assertEquals("B", receive());
        } finally {
            c.close().sync();
            guard.close().sync();
        }
    }

    @Test
    void notOnAnUnconnectedOrNioSocket() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        InetSocketAddress to = openPeer();
        Probe t = new Probe(to);
        Channel c = new Bootstrap().group(group).channelFactory(() -> new NioDatagramChannel(SocketProtocolFamily.INET))
                .handler(t).bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        try {
            assertFalse(onLoop(c, () -> t.sendDirect(packetB.memoryAddress(), 1)));
            peer.configureBlocking(false);
            assertNull(peer.receive(ByteBuffer.allocate(64)), "nothing was sent");
        } finally {
            c.close().sync();
        }
    }
}
