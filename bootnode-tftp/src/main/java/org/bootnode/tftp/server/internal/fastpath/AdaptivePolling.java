package org.bootnode.tftp.server.internal.fastpath;

import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.IntSupplier;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A Netty select strategy that keeps polling for I/O for a short, self-adjusting while after
 * each burst of it before the event loop blocks in {@code epoll_wait} (or a selector): halt
 * polling, as KVM does for an idle virtual CPU, done by the event loop.
 *
 * <p>A lockstep TFTP transfer sends one block and then waits for its ACK. If the loop blocks
 * at once, every ACK costs a wake-up of a sleeping thread, and on a virtual machine whose idle
 * CPU halts that wake-up is a large part of a block's time when the peer answers within tens
 * of microseconds, as it does on loopback (bench/tftp: 512-byte blocks went from 21 to 31
 * MiB/s). A loop that keeps polling finds the ACK without that wake-up.
 *
 * <p>Each loop adapts its own window, starting at zero (Netty's behaviour): when a blocking
 * wait ended sooner than {@link #max()} after the loop went idle, the next window doubles (from
 * 10 us), up to {@code max}; when it lasted longer, the window halves, and below 10 us it is
 * zero again. So a loop polls only while its peers answer within {@code max}; an idle server,
 * or one whose clients answer slowly, does not poll at all. While it polls, the loop's thread
 * uses its CPU fully: at most {@code max} after each burst of I/O.
 *
 * <p>Before it starts polling, the loop yields its CPU once ({@link Thread#yield()}): a peer that
 * the burst just woke, a client on the same machine, may be queued on this very CPU, and the
 * kernel may let the running loop go on for a while before the woken peer gets its turn, so the
 * polling would hold off the answer it polls for. Alone on its CPU, the yield returns at once.
 * Then, once per burst, it reads the block a transfer will send next into the cache
 * ({@link Prefetch}): time the loop would spend polling anyway, so nothing runs under load.
 *
 * <p>Part of the TFTP fast path; embedders reach it through {@link org.bootnode.tftp.server.FastPath}.
 */
public final class AdaptivePolling implements SelectStrategyFactory {
    /**
     * The default longest window: 100 us, a few times a lockstep peer's answer on loopback here
     * and far below a retransmission timeout.
     */
    public static final Duration DEFAULT_MAX = Duration.ofNanos(100_000);
    /** The first window when a loop starts polling (KVM's halt polling also starts at 10 us). */
    static final long GROW_START_NANOS = 10_000;
    private static final long MAX_NANOS = 10_000_000;

    private final long maxNanos;

    private AdaptivePolling(long maxNanos) {
        this.maxNanos = maxNanos;
    }

    /**
     * A strategy that polls for at most {@code max} after I/O, 0..10 ms; zero never polls and
     * behaves as Netty's default strategy.
     */
    public static AdaptivePolling upTo(Duration max) {
        Objects.requireNonNull(max, "max");
        if (max.isNegative() || max.compareTo(Duration.ofNanos(MAX_NANOS)) > 0) {
            throw new IllegalArgumentException("max: " + max + " (expected: 0..10 ms)");
        }
        return new AdaptivePolling(max.toNanos());
    }

    /** The longest window. */
    public Duration max() {
        return Duration.ofNanos(maxNanos);
    }

    /**
     * Native epoll's I/O handlers when Netty's native library loads, NIO's otherwise, both with
     * this strategy: what a {@code MultiThreadIoEventLoopGroup} needs.
     */
    public IoHandlerFactory ioHandlerFactory() {
        return Epoll.isAvailable()
                ? EpollIoHandler.newFactory(0, this)
                : NioIoHandler.newFactory(SelectorProvider.provider(), this);
    }

    /** A strategy for one event loop; with a zero {@link #max()}, Netty's default strategy. */
    @Override
    public SelectStrategy newSelectStrategy() {
        return maxNanos == 0
                ? DefaultSelectStrategyFactory.INSTANCE.newSelectStrategy()
                : new Strategy(maxNanos, System::nanoTime, Thread::yield, Prefetch::runPending);
    }

    @Override
    public String toString() {
        return "AdaptivePolling(max=" + maxNanos / 1000 + "us)";
    }

    /** One event loop's state; called only from that loop's thread. */
    static final class Strategy implements SelectStrategy {
        private static final int IDLE = 0;
        private static final int HANDLED = 1;
        private static final int BLOCKED = 2;

        private final long max;
        private final LongSupplier clock;
        private final Runnable yieldCpu;
        private final Runnable idleWork;
        private long window;
        /** When the loop last finished handling I/O, or woke from a blocking wait. */
        private long lastIo;
        /** What the previous call returned: nothing ready, events to handle, or a blocking wait. */
        private int previous = IDLE;

        Strategy(long maxNanos, LongSupplier clock, Runnable yieldCpu, Runnable idleWork) {
            this.max = maxNanos;
            this.clock = clock;
            this.yieldCpu = yieldCpu;
            this.idleWork = idleWork;
        }

        @Override
        public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
            long now = clock.getAsLong();
            if (previous == BLOCKED) {
                adapt(now - lastIo);
            }
            // The first call after I/O: events handled, or a blocking wait ended (and its events handled).
            boolean afterIo = previous != IDLE;
            if (afterIo) {
                lastIo = now;
            }
            int ready = selectNow.get();
            if (ready > 0) {
                previous = HANDLED;
                return ready;
            }
            if (hasTasks) {
                previous = IDLE;
                return SelectStrategy.CONTINUE;
            }
            if (now - lastIo < window) {
                if (afterIo) {
                    // About to poll: first let a peer the burst woke on this CPU have it,
                    // then warm the next block while the peer answers (Prefetch).
                    yieldCpu.run();
                    idleWork.run();
                }
                previous = IDLE;
                return SelectStrategy.CONTINUE;
            }
            previous = BLOCKED;
            return SelectStrategy.SELECT;
        }

        /** After a blocking wait that came {@code idle} after the loop's last I/O. */
        private void adapt(long idle) {
            if (idle < max) {
                window = Math.min(max, Math.max(GROW_START_NANOS, window * 2));
            } else {
                window /= 2;
                if (window < GROW_START_NANOS) {
                    window = 0;
                }
            }
        }

        long window() {
            return window;
        }
    }
}
