package org.bootnode.server.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import org.bootnode.tftp.server.AdaptivePolling;

/**
 * Native epoll on Linux when Netty's native library loads, NIO elsewhere: the event loop group
 * and the channel classes that go with it.
 */
public final class Transports {
    /** The system property that sets the event loops' polling, in microseconds. */
    public static final String POLL_PROPERTY = "bootnode.poll.micros";

    private Transports() {}

    /** Whether the native epoll transport is in use. */
    public static boolean epoll() {
        return Epoll.isAvailable();
    }

    /**
     * A new event loop group of {@code threads} threads (0: Netty's default, twice the cores),
     * polling for up to {@code -Dbootnode.poll.micros} (default 100, 0 never) after I/O before it
     * blocks: see {@link AdaptivePolling}.
     */
    public static EventLoopGroup group(int threads, ThreadFactory factory) {
        return new MultiThreadIoEventLoopGroup(threads, factory,
                polling(System.getProperty(POLL_PROPERTY)).ioHandlerFactory());
    }

    /** The polling that {@code -Dbootnode.poll.micros=value} asks for (null: the default). */
    static AdaptivePolling polling(String micros) {
        if (micros == null) {
            return AdaptivePolling.upTo(AdaptivePolling.DEFAULT_MAX);
        }
        try {
            return AdaptivePolling.upTo(Duration.ofNanos(Math.multiplyExact(Long.parseLong(micros.strip()), 1000)));
        } catch (IllegalArgumentException | ArithmeticException e) { // not a number, or out of range
            throw new IllegalArgumentException(POLL_PROPERTY + ": " + micros + " (expected: 0..10000 microseconds)", e);
        }
    }

    /** The TCP server channel class for {@link #group}. */
    public static Class<? extends ServerSocketChannel> serverChannel() {
        return epoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The UDP channel class for {@link #group}. */
    public static Class<? extends DatagramChannel> datagramChannel() {
        return epoll() ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }
}
