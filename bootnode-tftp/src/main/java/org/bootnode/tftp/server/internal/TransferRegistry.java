package org.bootnode.tftp.server.internal;

import java.net.InetAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts transfers in progress, in total and per client address, so that both stay bounded.
 * Thread-safe: transfers run on several event loops.
 */
public final class TransferRegistry {
    /** Whether a new transfer may start. */
    public enum Admission { ADMITTED, SERVER_FULL, CLIENT_FULL }

    private final int maxTotal;
    private final int maxPerClient;
    private final Map<InetAddress, Integer> perClient = new ConcurrentHashMap<>();
    private final Set<Transfer> active = ConcurrentHashMap.newKeySet();
    private final Map<java.net.InetSocketAddress, Transfer> byClient = new ConcurrentHashMap<>();
    private int total;

    /** Bounds. */
    public TransferRegistry(int maxTotal, int maxPerClient) {
        this.maxTotal = maxTotal;
        this.maxPerClient = maxPerClient;
    }

    /** Reserves a place for a transfer from {@code client}. The map holds at most maxTotal keys. */
    public synchronized Admission admit(InetAddress client) {
        if (total >= maxTotal) {
            return Admission.SERVER_FULL;
        }
        int n = perClient.getOrDefault(client, 0);
        if (n >= maxPerClient) {
            return Admission.CLIENT_FULL;
        }
        perClient.put(client, n + 1);
        total++;
        return Admission.ADMITTED;
    }

    /** Gives a place back. */
    public synchronized void release(InetAddress client) {
        perClient.computeIfPresent(client, (k, v) -> v <= 1 ? null : v - 1);
        total--;
    }

    void add(Transfer t) {
        active.add(t);
    }

    void remove(Transfer t) {
        active.remove(t);
        byClient.remove(t.client, t);
    }

    /** Records the newest transfer of a client address and port (at most one per admitted transfer). */
    void track(Transfer t) {
        byClient.put(t.client, t);
    }

    /** The newest transfer still running for a client address and port, or null. */
    Transfer byClient(java.net.InetSocketAddress client) {
        return byClient.get(client);
    }

    /** The transfers in progress (a snapshot). */
    public Set<Transfer> active() {
        return Set.copyOf(active);
    }

    /** Transfers in progress. */
    public synchronized int total() {
        return total;
    }
}
