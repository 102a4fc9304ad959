package org.bootnode.tftp.server.internal.fastpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.IntSupplier;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The adaptive window, driven by a clock the test sets; and a real idle loop's CPU. */
class AdaptivePollingTest {
    static final long US = 1000;
    static final long MAX = 100 * US;

    long now;
    int ready;
    int polls;
    /** What the pass after a blocking wait's handling returned. */
    int afterWake;
    final IntSupplier selectNow = () -> {
        polls++;
        return ready;
    };
    int yields;
    /** The idle work's runs, each after the yield of its burst (yields counted when it ran). */
    final List<Integer> idleRuns = new ArrayList<>();
    final AdaptivePolling.Strategy strategy =
            new AdaptivePolling.Strategy(MAX, () -> now, () -> yields++, () -> idleRuns.add(yields));

    int call(long at, int readyNow, boolean hasTasks) throws Exception {
        now = at;
        ready = readyNow;
        return strategy.calculateStrategy(selectNow, hasTasks);
    }

    /** One lockstep round: handled at {@code t}, the peer's answer {@code gap} later; returns when it was found. */
    long round(long t, long gap) throws Exception {
        long answer = t + gap;
        long at = t;
        while (true) {
            int r = call(at, at >= answer ? 1 : 0, false);
            if (r == 1) {
                return at; // found by polling
            }
            if (r == SelectStrategy.SELECT) {
                // Blocked; the wait ends with the answer (plus a wake-up) and handles it.
                long woke = answer + 5 * US;
                afterWake = call(woke, 0, false); // the loop's next pass, after handling the answer
                return woke;
            }
            assertEquals(SelectStrategy.CONTINUE, r);
            at += US;
        }
    }

    @Test
    void zeroMaxIsNettysDefault() throws Exception {
        SelectStrategy off = AdaptivePolling.upTo(Duration.ZERO).newSelectStrategy();
        ready = 0;
        assertEquals(SelectStrategy.SELECT, off.calculateStrategy(selectNow, false));
        assertEquals(0, polls, "no poll before a blocking wait");
        ready = 3;
        assertEquals(3, off.calculateStrategy(selectNow, true));
    }

    @Test
    void readyEventsAreAlwaysHandled() throws Exception {
        assertEquals(2, call(0, 2, false));
        assertEquals(7, call(1 * US, 7, true));
    }

    @Test
    void aFreshLoopBlocksAtOnce() throws Exception {
        assertEquals(SelectStrategy.SELECT, call(0, 0, false));
        assertEquals(0, strategy.window());
    }

    @Test
    void pendingTasksNeverBlock() throws Exception {
        assertEquals(SelectStrategy.CONTINUE, call(0, 0, true));
        assertEquals(1, polls, "I/O is still polled before the tasks run");
    }

    @Test
    void growsUntilThePeersAnswerIsFoundByPolling() throws Exception {
        long gap = 30 * US;
        long t = 0;
        call(t, 0, false); // blocks: window 0
        t = gap;
        call(t, 1, false); // woke with the answer: 30 us < max, window 10 us
        assertEquals(10 * US, strategy.window());
        for (int i = 0; i < 3; i++) {
            t = round(t, gap); // 20, 40 us
        }
        assertEquals(40 * US, strategy.window());
        long found = round(t, gap);
        assertEquals(t + gap, found, "the answer found by polling, without a wake-up");
        assertEquals(40 * US, strategy.window(), "a window that works stays");
    }

    /** Rounds with a peer that answers in 85 us, from a fresh loop; returns the time after them. */
    long growToMax() throws Exception {
        long t = 0;
        call(t, 0, false);
        for (int i = 0; i < 20; i++) {
            t = round(t, 85 * US);
            assertTrue(strategy.window() <= MAX, "window " + strategy.window());
        }
        return t;
    }

    @Test
    void yieldsOnceAfterEachBurstBeforePolling() throws Exception {
        long t = growToMax();
        int before = yields;
        assertEquals(1, call(t, 1, false)); // a burst (the ACK): handled, no yield yet
        assertEquals(before, yields);
        assertEquals(SelectStrategy.CONTINUE, call(t + US, 0, false)); // nothing more: yield, then poll
        assertEquals(before + 1, yields, "a peer woken on this CPU gets it first");
        assertEquals(SelectStrategy.CONTINUE, call(t + 2 * US, 0, false));
        assertEquals(SelectStrategy.CONTINUE, call(t + 3 * US, 0, false));
        assertEquals(before + 1, yields, "once per burst, not per poll");
        assertEquals(1, call(t + 4 * US, 1, false));
        assertEquals(SelectStrategy.CONTINUE, call(t + 5 * US, 0, true));
        assertEquals(before + 1, yields, "pending tasks run first, no yield");
    }

    @Test
    void idleWorkRunsOncePerBurstAfterTheYield() throws Exception {
        long t = growToMax();
        idleRuns.clear();
        assertEquals(1, call(t, 1, false)); // the ACK: handled, nothing run yet
        assertEquals(List.of(), idleRuns);
        assertEquals(SelectStrategy.CONTINUE, call(t + US, 0, false)); // about to poll
        assertEquals(List.of(yields), idleRuns, "run right after the burst's yield");
        assertEquals(SelectStrategy.CONTINUE, call(t + 2 * US, 0, false));
        assertEquals(1, idleRuns.size(), "once per burst, not per poll");
        assertEquals(1, call(t + 3 * US, 1, false));
        assertEquals(SelectStrategy.CONTINUE, call(t + 4 * US, 0, true));
        assertEquals(1, idleRuns.size(), "not while tasks are pending");
    }

    @Test
    void noIdleWorkWhenTheLoopBlocks() throws Exception {
        assertEquals(1, call(0, 1, false));
        assertEquals(SelectStrategy.SELECT, call(US, 0, false)); // window 0: blocks, nothing to fill
        assertEquals(List.of(), idleRuns);
    }

    @Test
    void yieldsAfterTheBurstThatEndedABlockingWait() throws Exception {
        long t = growToMax();
        assertEquals(1, call(t, 1, false));
        assertEquals(SelectStrategy.CONTINUE, call(t + US, 0, false)); // polls
        assertEquals(SelectStrategy.SELECT, call(t + US + MAX, 0, false)); // the window passed: blocks
        int before = yields;
        // The wait ends with the answer, which Netty handles; the next call is about to poll.
        assertEquals(SelectStrategy.CONTINUE, call(t + US + MAX + 50 * US, 0, false));
        assertEquals(before + 1, yields, "the answer after a wait may have woken a peer too");
    }

    @Test
    void noYieldWhenTheLoopBlocks() throws Exception {
        assertEquals(1, call(0, 1, false));
        assertEquals(SelectStrategy.SELECT, call(US, 0, false)); // window 0: blocking gives the CPU away anyway
        assertEquals(0, yields);
    }

    @Test
    void neverPollsLongerThanMax() throws Exception {
        growToMax();
        assertEquals(MAX, strategy.window());
    }

    @Test
    void slowPeersShrinkTheWindowToNothing() throws Exception {
        long t = growToMax();
        assertEquals(MAX, strategy.window());
        long[] expected = {50 * US, 25 * US, 12_500, 0, 0};
        for (long e : expected) {
            t = round(t, Duration.ofSeconds(1).toNanos());
            assertEquals(e, strategy.window());
        }
        assertEquals(SelectStrategy.SELECT, afterWake, "blocks again at once after handling");
    }

    @Test
    void upToChecksItsRange() {
        assertEquals(Duration.ofMillis(10), AdaptivePolling.upTo(Duration.ofMillis(10)).max());
        assertEquals(Duration.ZERO, AdaptivePolling.upTo(Duration.ZERO).max());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdaptivePolling.upTo(Duration.ofMillis(11)));
        assertEquals("max: PT0.011S (expected: 0..10 ms)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AdaptivePolling.upTo(Duration.ofNanos(-1)));
    }

    /**
     * A real loop of either transport, busy with tasks for a while and then idle for 200 ms,
     * must sleep through the idle time: a strategy that kept polling would burn about 200 ms of
     * its CPU.
     */
    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void anIdleLoopSleeps(String transport) throws Exception {
        AdaptivePolling polling = AdaptivePolling.upTo(AdaptivePolling.DEFAULT_MAX);
        if (transport.equals("epoll")) {
            assertTrue(Epoll.isAvailable(), "native epoll: " + Epoll.unavailabilityCause());
        }
        EventLoopGroup group = transport.equals("epoll")
                ? new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory(0, polling))
                : new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory(SelectorProvider.provider(), polling));
        try {
            EventLoop loop = group.next();
            long id = loop.submit(() -> Thread.currentThread().getId()).get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 1000; i++) {
                loop.submit(() -> { }).get(10, TimeUnit.SECONDS); // wake-ups that grow the window
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpu0 = threads.getThreadCpuTime(id);
            long wall0 = System.nanoTime();
            loop.schedule(() -> { }, 200, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS);
            long wall = System.nanoTime() - wall0;
            long cpu = threads.getThreadCpuTime(id) - cpu0;
            assertTrue(wall >= TimeUnit.MILLISECONDS.toNanos(200), "waited " + wall);
            assertTrue(cpu < TimeUnit.MILLISECONDS.toNanos(50), "loop CPU while idle: " + cpu / 1000 + " us");
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
