package org.bootnode.tftp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link Transport#isEpoll}: the right answer, without moving the group's round-robin. */
class TransportTest {
    @Test
    void isEpollLeavesTheRoundRobinAlone() {
        EventLoopGroup nio = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        try {
            EventExecutor first = nio.next();
            assertFalse(Transport.isEpoll(nio));
            assertNotSame(first, nio.next(), "isEpoll took the next loop's turn");
        } finally {
            nio.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void epollGroupIsEpoll() {
        EventLoopGroup epoll = new MultiThreadIoEventLoopGroup(1,
                Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        try {
            assertEquals(Epoll.isAvailable(), Transport.isEpoll(epoll));
            assertEquals(Epoll.isAvailable(), Transport.isEpoll(epoll.next()), "a single loop, given as a group");
        } finally {
            epoll.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
