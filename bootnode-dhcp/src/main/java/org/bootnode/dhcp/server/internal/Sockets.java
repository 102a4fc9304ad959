package org.bootnode.dhcp.server.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.unix.RawUnixChannelOption;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import org.bootnode.dhcp.internal.Inet4;

/**
 * Opens the server's UDP sockets: on Linux with the native epoll transport, bound to 0.0.0.0:port
 * and to the served device with SO_BINDTODEVICE, so that it hears only that interface's
 * broadcasts and its broadcasts leave through it. A socket bound to a unicast address never sees
 * 255.255.255.255, and the JDK cannot tell which interface a datagram came in on; Netty's epoll
 * transport sets the option through {@code RawUnixChannelOption} (Netty issue 15860). A failure
 * to bind to the device stops the server rather than serving every interface. More in
 * docs/protocol-notes.md.
 */
public final class Sockets {
    /** SOL_SOCKET and SO_BINDTODEVICE on Linux (asm-generic/socket.h). */
    private static final int SOL_SOCKET = 1;
    private static final int SO_BINDTODEVICE = 25;
    private static final InetAddress ANY = Inet4.of(0);

    private Sockets() {
    }

    public static boolean isLinux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    }

    /**
     * Whether {@code group} can carry epoll channels. Looks at the group's first loop: Netty's
     * {@code IoEventLoopGroup.isIoType} asks {@code next()}, which moves the round-robin on.
     */
    public static boolean isEpoll(EventLoopGroup group) {
        Iterator<EventExecutor> loops = group.iterator();
        return loops.hasNext() && loops.next() instanceof IoEventLoop loop && loop.isIoType(EpollIoHandler.class);
    }

    /** A one-thread group of the best transport here. */
    public static EventLoopGroup newGroup() {
        return new MultiThreadIoEventLoopGroup(1, Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    /**
     * Binds 0.0.0.0:{@code port} on {@code device} (null: all interfaces, allowed only off Linux).
     */
    public static Channel bind(EventLoopGroup group, String device, int port, int receiveBuffer, ChannelHandler handler)
            throws IOException {
        boolean epoll = isEpoll(group);
        if (device != null && !epoll) {
            throw new IOException("cannot bind DHCP to " + device + ": needs the native epoll transport on Linux ("
                    + (Epoll.isAvailable() ? "the event loop group is not epoll" : Epoll.unavailabilityCause()) + ")");
        }
        Bootstrap b = new Bootstrap()
                .group(group)
                .channelFactory(() -> epoll ? new EpollDatagramChannel(SocketProtocolFamily.INET)
                        : new NioDatagramChannel(SocketProtocolFamily.INET)) // an IPv4 socket, not a dual-stack one
                .option(ChannelOption.SO_BROADCAST, true)
                .option(ChannelOption.SO_RCVBUF, receiveBuffer)
                .handler(handler);
        Channel ch = b.register().syncUninterruptibly().channel();
        try {
            if (device != null) {
                byte[] name = (device + "\0").getBytes(StandardCharsets.US_ASCII);
                RawUnixChannelOption opt = new RawUnixChannelOption("SO_BINDTODEVICE", SOL_SOCKET, SO_BINDTODEVICE, name.length);
                // Set directly, not through Bootstrap.option(): Bootstrap only logs a failed option.
                if (!ch.config().setOption(opt, ByteBuffer.wrap(name))) {
                    throw new IOException("SO_BINDTODEVICE " + device + ": not supported by " + ch.getClass().getSimpleName());
                }
            }
            ch.bind(new InetSocketAddress(ANY, port)).syncUninterruptibly();
            return ch;
        } catch (ChannelException e) {
            ch.close();
            throw new IOException("SO_BINDTODEVICE " + device + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            ch.close();
            throw new IOException("bind 0.0.0.0:" + port + (device == null ? "" : " on " + device) + ": " + e, e);
        }
    }
}
