package org.bootnode.tftp.internal;

import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Iterator;

/** Native epoll on Linux when it loads, NIO otherwise; and the datagram channel that fits a group. */
public final class Transport {
    private Transport() {}

    /** A new event loop group of daemon threads named {@code name} with these I/O handlers (the fast path's polling, say). */
    public static EventLoopGroup newGroup(int threads, String name, IoHandlerFactory handlers) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), handlers);
    }

    /** Datagram channels that can register with {@code group} (an embedder's group may be either kind). */
    public static ChannelFactory<DatagramChannel> datagramChannels(EventLoopGroup group) {
        return datagramChannels(group, null);
    }

    /**
     * Datagram channels for sockets bound to {@code local}: plain IPv4 sockets when it is an IPv4
     * address (such a socket only ever sees IPv4 peers; the kernel's IPv4 path is shorter than
     * the v4-mapped one of a dual-stack socket), the default dual-stack kind otherwise.
     */
    public static ChannelFactory<DatagramChannel> datagramChannels(EventLoopGroup group, InetAddress local) {
        boolean epoll = isEpoll(group);
        if (local instanceof Inet4Address) {
            return epoll ? () -> new EpollDatagramChannel(SocketProtocolFamily.INET)
                    : () -> new NioDatagramChannel(SocketProtocolFamily.INET);
        }
        return epoll ? EpollDatagramChannel::new : NioDatagramChannel::new;
    }

    /**
     * True when {@code group} runs native epoll (whose datagram sockets take SO_REUSEPORT). Looks
     * at the group's first loop: Netty's {@code IoEventLoopGroup.isIoType} asks {@code next()},
     * which moves the group's round-robin on, and asked once per transfer it put every transfer
     * on the same one of two loops.
     */
    public static boolean isEpoll(EventLoopGroup group) {
        Iterator<EventExecutor> loops = group.iterator();
        return Epoll.isAvailable() && loops.hasNext() && loops.next() instanceof IoEventLoop loop
                && loop.isIoType(EpollIoHandler.class);
    }
}
