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
import org.bootnode.tftp.server.FastPath;

/**
 * Native epoll on Linux when Netty's native library loads, NIO elsewhere: the event loop group
 * and the channel classes that go with it.
 */
public final class Transports {
    /** The system property that {@code bootnode serve} reads for the event loops' polling, in microseconds. */
    public static final String POLL_PROPERTY = "bootnode.poll.micros";

    private Transports() {}

    /** Whether the native epoll transport is in use. */
    public static boolean epoll() {
        return Epoll.isAvailable();
    }

    /** A new event loop group with the default fast path ({@link FastPath#on()}). */
    public static EventLoopGroup group(int threads, ThreadFactory factory) {
        return group(threads, factory, FastPath.on());
    }

    /**
     * A new event loop group of {@code threads} threads (0: Netty's default, twice the cores)
     * whose loops poll as {@code fastPath} says. The I/O handlers come from bootnode-tftp's
     * public {@link FastPath#ioHandlerFactory()}: DHCP and HTTP share the TFTP server's loops
     * and its polling, which is what makes lockstep TFTP fast, without this module reaching into
     * the TFTP library's internals. Nothing here reads a system property: the CLI does
     * ({@link #fastPath(String)}) and passes the result in.
     */
    public static EventLoopGroup group(int threads, ThreadFactory factory, FastPath fastPath) {
        return new MultiThreadIoEventLoopGroup(threads, factory, fastPath.ioHandlerFactory());
    }

    /** The fast path that {@code -Dbootnode.poll.micros=value} asks for (null: the default). */
    public static FastPath fastPath(String micros) {
        if (micros == null) {
            return FastPath.on();
        }
        try {
            return FastPath.pollingUpTo(Duration.ofNanos(Math.multiplyExact(Long.parseLong(micros.strip()), 1000)));
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
