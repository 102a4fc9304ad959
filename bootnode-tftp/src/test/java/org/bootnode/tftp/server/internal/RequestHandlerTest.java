package org.bootnode.tftp.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bootnode.tftp.ErrorPacket;
import org.bootnode.tftp.Request;
import org.bootnode.tftp.TftpCodec;
import org.bootnode.tftp.TftpOptions;
import org.bootnode.tftp.server.FastPath;
import org.bootnode.tftp.server.FileSource;
import org.bootnode.tftp.server.IgnoredPacket;
import org.bootnode.tftp.server.OptionPolicy;
import org.bootnode.tftp.server.TftpListener;
import org.bootnode.tftp.server.TftpServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A request whose transfer cannot get a port: out of descriptors it waits (no answer); otherwise an ERROR. */
class RequestHandlerTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final BlockingQueue<IgnoredPacket> ignored = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    /** Sends one RRQ to a handler whose transfer sockets fail with {@code cause}; what came back. */
    private Object request(Exception cause) throws Exception {
        TransferRegistry registry = new TransferRegistry(16, 16, Duration.ofSeconds(2), System::nanoTime);
        ServerContext ctx = new ServerContext(TftpServerConfig.builder().build(), FileSource.inMemory(Map.of("f", new byte[1])),
                OptionPolicy.ALL, new TftpListener() {
                    @Override
                    public void packetIgnored(InetSocketAddress from, IgnoredPacket reason) {
                        ignored.add(reason);
                    }
                }, new ReadTransferTest.Inline(), registry, group, () -> {
                    throw new ChannelException(cause);
                }, InetAddress.getLoopbackAddress(), System::nanoTime, FastPath.on());
        EmbeddedChannel channel = new EmbeddedChannel(new RequestHandler(ctx));
        byte[] rrq = TftpCodec.encode(Request.read("f", TftpOptions.empty()));
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(rrq), new InetSocketAddress(InetAddress.getLoopbackAddress(), 69), CLIENT));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            channel.runPendingTasks();
            DatagramPacket out = channel.readOutbound();
            if (out != null) {
                try {
                    return TftpCodec.decode(out.content().nioBuffer());
                } finally {
                    out.release();
                }
            }
            IgnoredPacket reason = ignored.poll(10, TimeUnit.MILLISECONDS);
            if (reason != null) {
                channel.runPendingTasks();
                assertNull(channel.readOutbound(), "nothing sent beside the drop");
                assertEquals(0, registry.total(), "the place is given back");
                return reason;
            }
        }
        throw new AssertionError("neither an answer nor a drop within 10 s");
    }

    /** Before: ERROR "server busy: no port", which ends a PXE ROM's boot, when a storm used up the descriptors. */
    @Test
    void outOfFileDescriptorsTheRequestIsNotAnswered() throws Exception {
        Object result = request(new SocketException("Too many open files"));
        IgnoredPacket.Busy busy = assertInstanceOf(IgnoredPacket.Busy.class, result);
        assertTrue(busy.detail().contains("no file descriptor"), busy.detail());
    }

    @Test
    void anotherFailureToBindIsAnError() throws Exception {
        Object result = request(new BindException("Cannot assign requested address"));
        ErrorPacket error = assertInstanceOf(ErrorPacket.class, result);
        assertEquals("server busy: no port", error.message());
    }

    @Test
    void descriptorExhaustionIsRecognisedAsNettyAndTheJdkWordIt() {
        assertTrue(RequestHandler.outOfDescriptors(new ChannelException(new SocketException("Too many open files"))));
        assertTrue(RequestHandler.outOfDescriptors(new ChannelException("bind(..) failed with error(-24): Too many open files")));
        assertTrue(RequestHandler.outOfDescriptors(new SocketException("socket(..) failed with error(-23): Too many open files in system")));
        assertFalse(RequestHandler.outOfDescriptors(new BindException("bind(..) failed with error(-98): Address already in use")));
        assertFalse(RequestHandler.outOfDescriptors(null));
    }
}
