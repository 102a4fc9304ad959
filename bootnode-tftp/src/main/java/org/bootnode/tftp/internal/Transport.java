package org.bootnode.tftp.internal;

import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** Native epoll on Linux when it loads, NIO otherwise; and the datagram channel that fits a group. */
public final class Transport {
    private Transport() {}

    /** A new event loop group of the best kind here. */
    public static EventLoopGroup newGroup(int threads, String name) {
        DefaultThreadFactory threadFactory = new DefaultThreadFactory(name, true);
        return Epoll.isAvailable()
                ? new MultiThreadIoEventLoopGroup(threads, threadFactory, EpollIoHandler.newFactory())
                : new MultiThreadIoEventLoopGroup(threads, threadFactory, NioIoHandler.newFactory());
    }

    /** Datagram channels that can register with {@code group} (an embedder's group may be either kind). */
    public static ChannelFactory<DatagramChannel> datagramChannels(EventLoopGroup group) {
        if (Epoll.isAvailable() && group instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class)) {
            return EpollDatagramChannel::new;
        }
        return NioDatagramChannel::new;
    }
}
