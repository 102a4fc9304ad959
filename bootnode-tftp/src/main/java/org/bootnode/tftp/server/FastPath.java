package org.bootnode.tftp.server;

import io.netty.channel.IoHandlerFactory;
import java.time.Duration;
import java.util.Objects;
import org.bootnode.tftp.server.internal.fastpath.AdaptivePolling;

/**
 * The TFTP server's speed-ups behind one switch, on by default ({@link TftpServer.Builder#fastPath}):
 *
 * <ul>
 *   <li><b>polling</b>: after a burst of I/O, the server's event loops keep polling for a short,
 *       self-adjusting while (up to {@link #polling()}) before they block, so that the ACK of a
 *       lockstep transfer is found without waking a sleeping thread;</li>
 *   <li><b>zero copy from the page cache</b>: from blksize 8192 a block in the page cache is sent
 *       from a read-only mapping of the file (shared by the transfers of a hot file when it comes
 *       from {@link FileSource#directory}); while a polling loop waits for the ACK, it reads the
 *       next such block once into a buffer of its own, so that the send answering the ACK finds
 *       the bytes in the CPU's cache;</li>
 *   <li><b>direct send</b>: on a native (epoll) socket, each DATA packet is written with one
 *       system call, past the channel's outbound queue.</li>
 * </ul>
 *
 * <p>{@link #off()} turns all three off: plain Netty loops, every packet through the channel.
 * Nothing else changes (the same packets go out); only speed and CPU use do.
 *
 * <p>An embedder that runs other servers (DHCP, HTTP) on the same event loops passes the group
 * to {@link TftpServer.Builder#eventLoopGroup} and makes it with {@link #ioHandlerFactory()},
 * so that its loops poll too:
 *
 * <pre>{@code
 * FastPath fast = FastPath.on();
 * EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, fast.ioHandlerFactory());
 * }</pre>
 */
public final class FastPath {
    /** The default polling window: 100 us, a few times a lockstep peer's answer on loopback. */
    public static final Duration DEFAULT_POLLING = Duration.ofNanos(100_000);
    private static final FastPath ON = new FastPath(true, DEFAULT_POLLING);
    private static final FastPath OFF = new FastPath(false, Duration.ZERO);

    private final boolean enabled;
    private final Duration polling;

    private FastPath(boolean enabled, Duration polling) {
        this.enabled = enabled;
        this.polling = polling;
    }

    /** Every speed-up, with polling up to {@link #DEFAULT_POLLING} (the default). */
    public static FastPath on() {
        return ON;
    }

    /** No speed-up: Netty's own loops and writes. */
    public static FastPath off() {
        return OFF;
    }

    /**
     * Every speed-up, with polling up to {@code max}, 0..10 ms (zero: the loops never poll, the
     * other speed-ups stay on).
     */
    public static FastPath pollingUpTo(Duration max) {
        Objects.requireNonNull(max, "max");
        if (max.isNegative() || max.compareTo(Duration.ofMillis(10)) > 0) {
            throw new IllegalArgumentException("polling: " + max + " (expected: 0..10 ms)");
        }
        return new FastPath(true, max);
    }

    /** Whether zero copy and the direct send are used. */
    public boolean enabled() {
        return enabled;
    }

    /** The longest polling window of the event loops (zero: none). */
    public Duration polling() {
        return polling;
    }

    /**
     * I/O handlers for a {@code MultiThreadIoEventLoopGroup}: native epoll when Netty's native
     * library loads, NIO otherwise, both polling as {@link #polling()} says. Public so that an
     * embedder's other servers (bootnode-server's DHCP and HTTP) share loops that poll, without
     * reaching into this module's internals.
     */
    public IoHandlerFactory ioHandlerFactory() {
        return AdaptivePolling.upTo(polling).ioHandlerFactory();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FastPath f && f.enabled == enabled && f.polling.equals(polling);
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(enabled) * 31 + polling.hashCode();
    }

    @Override
    public String toString() {
        return enabled ? "FastPath(polling up to " + polling.toNanos() / 1000 + " us)" : "FastPath(off)";
    }
}
