package org.bootnode.tftp.server.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The transfers in progress, counted in total and per client address so that both stay
 * bounded. Thread-safe: transfers run on several event loops; admission is one short critical
 * section.
 *
 * <p>When a bound is reached, the request takes the place of the oldest transfer that has not
 * yet heard its first ACK ("unconfirmed"), from any address when the table is full, from the
 * request's own address when that address is at its limit. A client that asked and went silent,
 * or a request from a forged address, never leaves that state; a real client leaves it within
 * one round trip. So requests that nobody answers cannot keep the rest of the cluster out: to
 * push out a real client's transfer in its first round trip, a flood would have to fill the
 * whole table after it within that round trip, and a transfer that has heard its client is
 * never pushed out (its place is bounded in time by the stall and transfer-time limits).
 *
 * <p>An unconfirmed transfer is pushed out only once it has waited {@code grace} (two
 * retransmission timeouts) for its first ACK. In a boot storm every place is taken by real
 * clients whose first ACK is merely late: without the grace, each new request pushed out one of
 * them and was pushed out in turn, and at 5,000 nodes a quarter booted. A request that finds no
 * place is then not answered ({@link Admission#SERVER_FULL}), and its client asks again.
 */
public final class TransferRegistry {
    /**
     * Whether a new transfer may start: yes; not yet (every place, or every place of the
     * address, held by transfers within their grace: not answered, the client asks again); no
     * (the address's transfers have all heard their client: "too many transfers").
     */
    public enum Admission { ADMITTED, SERVER_FULL, CLIENT_FULL }

    private final int maxTotal;
    private final int maxPerClient;
    private final long graceNanos;
    private final LongSupplier ticker;
    /** Every admitted transfer; at most maxTotal. */
    private final Set<Transfer> held = new HashSet<>();
    /** The admitted transfers without a first ACK, oldest first, with when each was admitted. */
    private final LinkedHashMap<Transfer, Long> unconfirmed = new LinkedHashMap<>();
    /** Places per client address; at most maxTotal keys. */
    private final Map<InetAddress, Integer> perClient = new HashMap<>();
    private final Map<InetSocketAddress, Transfer> byClient = new ConcurrentHashMap<>();

    /** Bounds; any unconfirmed transfer may make way at once (tests). */
    public TransferRegistry(int maxTotal, int maxPerClient) {
        this(maxTotal, maxPerClient, Duration.ZERO, System::nanoTime);
    }

    /**
     * Bounds, and how long an unconfirmed transfer keeps its place against newer requests, timed
     * by {@code ticker} (nanoseconds).
     */
    public TransferRegistry(int maxTotal, int maxPerClient, Duration grace, LongSupplier ticker) {
        this.maxTotal = maxTotal;
        this.maxPerClient = maxPerClient;
        this.graceNanos = grace.toNanos();
        this.ticker = ticker;
    }

    /**
     * Admits {@code t}, making room by evicting the oldest unconfirmed transfer when a bound is
     * reached; the evicted transfer is told on its own loop ({@link Transfer#evict()}).
     */
    public Admission admit(Transfer t) {
        Transfer evicted = null;
        Admission result;
        synchronized (this) {
            long now = ticker.getAsLong();
            InetAddress address = t.client.getAddress();
            int n = perClient.getOrDefault(address, 0);
            if (n >= maxPerClient) {
                evicted = oldestUnconfirmed(address, now);
                // An address whose own transfers are all answered is at its limit; one with a
                // transfer still in its grace is busy (SERVER_FULL: not answered, it asks again).
                result = evicted != null ? Admission.ADMITTED
                        : hasUnconfirmed(address) ? Admission.SERVER_FULL : Admission.CLIENT_FULL;
            } else if (held.size() >= maxTotal) {
                evicted = oldestUnconfirmed(null, now);
                result = evicted == null ? Admission.SERVER_FULL : Admission.ADMITTED;
            } else {
                result = Admission.ADMITTED;
            }
            if (evicted != null) {
                drop(evicted);
            }
            if (result == Admission.ADMITTED) {
                held.add(t);
                unconfirmed.put(t, now);
                perClient.merge(address, 1, Integer::sum);
                byClient.put(t.client, t);
            }
        }
        if (evicted != null) {
            evicted.evict();
        }
        return result;
    }

    /** The oldest unconfirmed transfer (from {@code from}, or any) past its grace, or null. */
    private Transfer oldestUnconfirmed(InetAddress from, long now) {
        for (Map.Entry<Transfer, Long> e : unconfirmed.entrySet()) {
            Transfer t = e.getKey();
            if (from == null || t.client.getAddress().equals(from)) {
                // Oldest first: when this one is within its grace, every later one is too.
                return now - e.getValue() >= graceNanos ? t : null;
            }
        }
        return null;
    }

    private boolean hasUnconfirmed(InetAddress from) {
        for (Transfer t : unconfirmed.keySet()) {
            if (t.client.getAddress().equals(from)) {
                return true;
            }
        }
        return false;
    }

    /** {@code t} heard its client: it can no longer be evicted. */
    synchronized void confirm(Transfer t) {
        unconfirmed.remove(t);
    }

    /** Gives {@code t}'s place back (once; later calls do nothing). */
    public synchronized void remove(Transfer t) {
        if (held.contains(t)) {
            drop(t);
        }
    }

    private void drop(Transfer t) {
        held.remove(t);
        unconfirmed.remove(t);
        perClient.computeIfPresent(t.client.getAddress(), (k, v) -> v <= 1 ? null : v - 1);
        byClient.remove(t.client, t);
    }

    /** The newest transfer still running for a client address and port, or null. */
    Transfer byClient(InetSocketAddress client) {
        return byClient.get(client);
    }

    /** The transfers in progress (a snapshot). */
    public synchronized Set<Transfer> active() {
        return Set.copyOf(held);
    }

    /** Transfers in progress. */
    public synchronized int total() {
        return held.size();
    }

    /** Transfers in progress that have not heard their first ACK. */
    public synchronized int unconfirmed() {
        return unconfirmed.size();
    }
}
