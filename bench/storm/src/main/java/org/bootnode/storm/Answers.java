package org.bootnode.storm;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * When the server's answers arrived (wall clock, milliseconds since the epoch), for a restart's
 * report: the first DHCP and the first HTTP answer after the restarted server's start, which is
 * known only once the storm is over. Bounded: past its capacity, later answers are not kept
 * (the earliest ones are those a restart asks about only if the restart came late; the report
 * says how many were left out).
 */
final class Answers {
    private final long[] times;
    private final AtomicInteger count = new AtomicInteger();

    Answers(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: 1 or more)");
        }
        this.times = new long[capacity];
    }

    /** Notes an answer now. Any thread. */
    void heard() {
        int i = count.getAndIncrement();
        if (i < times.length) {
            times[i] = System.currentTimeMillis();
        }
    }

    /** Answers heard, kept or not. */
    int heardCount() {
        return count.get();
    }

    /** Answers heard but not kept (past the capacity). */
    int leftOut() {
        return Math.max(0, count.get() - times.length);
    }

    /**
     * Milliseconds from {@code epochMillis} to the first answer at or after it, or -1 when none
     * was kept. Call once the storm's loops are done with it.
     */
    long firstAfter(long epochMillis) {
        int n = Math.min(count.get(), times.length);
        long first = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            if (times[i] >= epochMillis && times[i] < first) {
                first = times[i];
            }
        }
        return first == Long.MAX_VALUE ? -1 : first - epochMillis;
    }
}
