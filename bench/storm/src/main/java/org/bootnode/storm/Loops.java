package org.bootnode.storm;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The generator's event loops and the channel classes that fit them: native epoll on Linux
 * when it loads (fewer copies and system calls per packet than NIO: the generator shares the
 * machine with the server it measures), NIO elsewhere. bootnode-tftp's client picks its own
 * channels to fit the group it is given.
 */
final class Loops {
    private final EventLoopGroup group;
    private final EventLoopGroup relayGroup;
    private final boolean epoll;
    private final BodyDiscard bodyDiscard;

    Loops(int threads) {
        this.epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("storm", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.relayGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("storm-relay", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.bodyDiscard = epoll ? BodyDiscard.open() : null;
    }

    /** The loops of the nodes' TFTP and HTTP, and of their timers. */
    EventLoopGroup group() {
        return group;
    }

    /**
     * The relay's own loop: every DHCP reply of the storm arrives on its one socket, and a loop
     * busy with TFTP blocks let that socket's buffer overflow (25,769 datagrams dropped at
     * 10,000 nodes when it shared the nodes' loops).
     */
    EventLoopGroup relayGroup() {
        return relayGroup;
    }

    void shutdown() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        relayGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        if (bodyDiscard != null) {
            bodyDiscard.close();
        }
    }

    /** How the nodes' downloads drop their bodies without copying them on epoll; null on NIO (they read them). */
    BodyDiscard bodyDiscard() {
        return bodyDiscard;
    }

    Class<? extends DatagramChannel> datagram() {
        return epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    Class<? extends SocketChannel> socket() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    String kind() {
        return epoll ? "epoll" : "nio";
    }
}
