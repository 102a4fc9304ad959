package org.bootnode.store.postgres.internal;

import java.net.Inet4Address;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.bootnode.dhcp.ClientId;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.lease.Lease;
import org.bootnode.store.postgres.AddressConflictException;
import org.bootnode.store.postgres.PostgresStoreListener;
import org.bootnode.store.postgres.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes: takes writes from a bounded queue in order, runs each as its own
 * transaction on its own connection (puts queued one after the other share one: group commit),
 * and completes the write's stage on this thread when the
 * commit is confirmed (or with the reason it is not). Callers never wait: a full queue or a
 * missing connection fails the write at once.
 *
 * <p>While the connection is gone it reconnects with a backoff that doubles from the minimum to the
 * maximum, and after each reconnect reloads the memory view (the other servers' notifications were
 * missed meanwhile). It also reloads every {@code reloadInterval} as a safety net.
 *
 * <p>One connection, no pool: writes are one ordered stream (a client's REQUEST after its
 * DISCOVER), and one thread on one connection keeps that order by construction.
 */
public final class LeaseWriter {
    private static final Logger log = LoggerFactory.getLogger(LeaseWriter.class);
    /** Puts committed together at most (group commit). */
    private static final int BATCH_LIMIT = 64;

    private sealed interface Op permits Put, Release, Reload, Stop { }

    private record Put(Lease lease, Lease displacedOnAddress, Lease displacedOfClient, CompletableFuture<Void> done) implements Op {
        /** The addresses whose view entries this write changes: its own and the client's previous one. */
        List<Inet4Address> addresses() {
            return displacedOfClient == null || displacedOfClient.address().equals(lease.address())
                    ? List.of(lease.address()) : List.of(lease.address(), displacedOfClient.address());
        }
    }

    private record Release(MacAddress mac, ClientId clientId, Inet4Address address, Lease released,
            CompletableFuture<Void> done) implements Op { }

    private record Reload() implements Op { }

    private record Stop() implements Op { }

    private final Connector connector;
    private final LeaseSql sql;
    private final LeaseView view;
    private final Settings settings;
    private final PostgresStoreListener listener;
    private final Counters counters;
    private final BlockingQueue<Op> queue;
    private final Thread thread;
    private Connection conn;
    private volatile boolean available = true;
    private volatile boolean closed;
    private Duration backoff;

    public LeaseWriter(Connector connector, LeaseSql sql, LeaseView view, Settings settings,
            PostgresStoreListener listener, Counters counters, Connection first) {
        this.connector = connector;
        this.sql = sql;
        this.view = view;
        this.settings = settings;
        this.listener = listener;
        this.counters = counters;
        this.queue = new ArrayBlockingQueue<>(settings.queueLimit());
        this.conn = first;
        this.backoff = settings.reconnectMin();
        this.thread = new Thread(this::run, "bootnode-pg-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether writes are accepted now (connected and open). */
    public boolean available() {
        return available && !closed;
    }

    /** Whether a put of {@code lease} would be accepted now: open, and connected or vouched for. */
    public boolean canCommit(Lease lease) {
        return !closed && (available || settings.acceptWhileUnavailable().test(lease));
    }

    public CompletionStage<Void> put(Lease lease) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        StoreUnavailableException refused;
        synchronized (view) { // the view change and the queue entry together: see reload()
            refused = refusal();
            if (refused != null && !closed && settings.acceptWhileUnavailable().test(lease)) {
                // A lease the embedder vouches for (a static reservation): memory only, not written.
                view.put(lease);
                counters.acceptedUnavailable.incrementAndGet();
                done.complete(null);
                return done;
            }
            if (refused == null) {
                Put p = new Put(lease, view.byAddress(lease.address()).orElse(null), view.exactlyOf(lease), done);
                if (queue.offer(p)) {
                    view.beginLocal(p.addresses());
                    view.put(lease);
                } else {
                    refused = queueFull();
                }
            }
        }
        if (refused != null) {
            fail(done, refused); // outside the lock: the caller's callbacks run here
        }
        return done;
    }

    public CompletionStage<Void> release(MacAddress mac, ClientId clientId, Inet4Address address) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        StoreUnavailableException refused;
        synchronized (view) {
            refused = refusal();
            if (refused == null) {
                // Sent to the database even when this view does not hold it (another server's lease
                // this view has not learnt yet); the statement deletes only the client's own row.
                Lease held = view.byClient(mac, clientId).filter(l -> l.address().equals(address)).orElse(null);
                if (queue.offer(new Release(mac, clientId, address, held, done))) {
                    view.beginLocal(List.of(address));
                    view.release(mac, clientId, address);
                } else {
                    refused = queueFull();
                }
            }
        }
        if (refused != null) {
            fail(done, refused);
        }
        return done;
    }

    private StoreUnavailableException refusal() {
        if (closed) {
            return new StoreUnavailableException("lease store closed", null);
        }
        if (!available) {
            return new StoreUnavailableException("PostgreSQL unavailable (" + connector.describe() + "): reconnecting", null);
        }
        return null;
    }

    private StoreUnavailableException queueFull() {
        return new StoreUnavailableException("lease write queue full (" + settings.queueLimit() + ")", null);
    }

    /** Asks for a reload of the memory view (the listener lost notifications); dropped if the queue is full. */
    public void requestReload() {
        queue.offer(new Reload());
    }

    private void run() {
        long nextReload = System.nanoTime() + settings.reloadInterval().toNanos();
        try {
            while (true) {
                if (conn == null) {
                    Op op = queue.poll(backoff.toMillis(), TimeUnit.MILLISECONDS);
                    if (op instanceof Stop) {
                        return;
                    }
                    if (op != null) {
                        failOp(op, new StoreUnavailableException("PostgreSQL unavailable: reconnecting", null));
                        continue;
                    }
                    if (reconnect()) {
                        reload();
                        nextReload = System.nanoTime() + settings.reloadInterval().toNanos();
                    }
                    continue;
                }
                Op op = queue.poll(Math.max(0, nextReload - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (op == null || op instanceof Reload) {
                    reload();
                    nextReload = System.nanoTime() + settings.reloadInterval().toNanos();
                } else if (op instanceof Stop) {
                    return;
                } else if (op instanceof Put p && !dropsPrevious(p)) {
                    List<Put> batch = new ArrayList<>(List.of(p));
                    while (batch.size() < BATCH_LIMIT && queue.peek() instanceof Put q && !dropsPrevious(q)) {
                        batch.add((Put) queue.poll());
                    }
                    if (batch.size() == 1) {
                        execute(p);
                    } else {
                        executeBatch(batch);
                    }
                } else {
                    execute(op);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean reconnect() {
        try {
            conn = connector.open();
        } catch (SQLException e) {
            log.debug("PostgreSQL {}: still unavailable ({}); next try in {} ms", connector.describe(),
                    LogText.escape(e.getMessage()), backoff.toMillis());
            backoff = backoff.multipliedBy(2).compareTo(settings.reconnectMax()) > 0 ? settings.reconnectMax() : backoff.multipliedBy(2);
            return false;
        }
        backoff = settings.reconnectMin();
        available = true;
        log.info("PostgreSQL {}: connected again; writes accepted", connector.describe());
        listener.connected();
        return true;
    }

    private void execute(Op op) {
        for (int attempt = 0; ; attempt++) {
            try {
                if (op instanceof Put p) {
                    write(p, attempt > 0);
                } else if (op instanceof Release r) {
                    sql.release(conn, r.mac(), r.clientId(), r.address());
                    view.endLocal(List.of(r.address()));
                    counters.committed.incrementAndGet();
                    r.done().complete(null);
                }
                return;
            } catch (SQLException e) {
                if (Connector.isConnectionLoss(e, conn)) {
                    // Lost before the commit was confirmed: not acknowledged (it may or may not have
                    // committed; the reload after the reconnect shows which).
                    failOp(op, new StoreUnavailableException("connection to PostgreSQL lost before the commit was confirmed: "
                            + LogText.escape(e.getMessage()), e));
                    lost(e);
                    return;
                }
                if (attempt == 0 && isTransient(e)) {
                    continue; // a race with another server's write to the same client: once more, it sees that row now
                }
                failOp(op, new StoreUnavailableException("lease write refused by PostgreSQL: " + LogText.escape(e.getMessage()), e));
                return;
            } catch (RuntimeException e) {
                failOp(op, new StoreUnavailableException("lease write failed: " + LogText.escape(e), e));
                return;
            }
        }
    }

    /**
     * Unique violation (the one-bound-lease-per-client index: the client's row on another address,
     * which this view did not show; the second attempt deletes it), serialization failure, deadlock.
     */
    private static boolean isTransient(SQLException e) {
        String s = e.getSQLState();
        return "23505".equals(s) || "40001".equals(s) || "40P01".equals(s);
    }

    /** Whether the put must first delete the client's bound row on another address (its own transaction). */
    private static boolean dropsPrevious(Put p) {
        Lease previous = p.displacedOfClient();
        return previous != null && !previous.address().equals(p.lease().address());
    }

    /**
     * Group commit: the puts queued one after the other, one transaction, one commit (one WAL flush
     * with synchronous_commit on, where one commit each made the flush the limit). Each put's stage
     * completes only after that commit. A statement error rolls the whole batch back and the puts
     * are written one by one; a lost connection fails them all (none acknowledged).
     */
    private void executeBatch(List<Put> batch) {
        List<Optional<Lease>> holders = new ArrayList<>(batch.size());
        try {
            conn.setAutoCommit(false);
            for (Put p : batch) {
                holders.add(sql.upsertInBatch(conn, p.lease(), settings.serverName()));
            }
            conn.commit();
            conn.setAutoCommit(true);
        } catch (SQLException e) {
            if (Connector.isConnectionLoss(e, conn)) {
                for (Put p : batch) {
                    failOp(p, new StoreUnavailableException("connection to PostgreSQL lost before the commit was confirmed: "
                            + LogText.escape(e.getMessage()), e));
                }
                lost(e);
                return;
            }
            try {
                conn.rollback();
                conn.setAutoCommit(true);
            } catch (SQLException r) {
                for (Put p : batch) {
                    failOp(p, new StoreUnavailableException("lease write failed: " + LogText.escape(r.getMessage()), r));
                }
                lost(r);
                return;
            }
            for (Put p : batch) {
                execute(p);
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            completed(batch.get(i), holders.get(i));
        }
    }

    private void write(Put p, boolean again) throws SQLException {
        boolean dropPrevious = again || dropsPrevious(p);
        completed(p, sql.put(conn, p.lease(), settings.serverName(), dropPrevious));
    }

    /** Completes a put whose transaction ended: committed when {@code holder} is empty, else refused by that row. */
    private void completed(Put p, Optional<Lease> holder) {
        if (holder.isEmpty()) {
            view.endLocal(p.addresses());
            counters.committed.incrementAndGet();
            listener.committed(p.lease());
            p.done().complete(null);
            return;
        }
        counters.conflicts.incrementAndGet();
        synchronized (view) {
            view.undo(p.lease(), p.displacedOnAddress(), p.displacedOfClient());
            view.put(holder.get());
            view.endLocal(p.addresses());
        }
        AddressConflictException conflict = new AddressConflictException(p.lease(), holder.get());
        log.info("lease refused by the database: {}", LogText.escape(conflict.getMessage()));
        listener.conflict(conflict);
        p.done().completeExceptionally(conflict);
    }

    private void failOp(Op op, StoreUnavailableException e) {
        if (op instanceof Put p) {
            synchronized (view) {
                view.undo(p.lease(), p.displacedOnAddress(), p.displacedOfClient());
                view.endLocal(p.addresses());
            }
            fail(p.done(), e);
        } else if (op instanceof Release r) {
            synchronized (view) {
                if (r.released() != null) {
                    view.restore(r.released());
                }
                view.endLocal(List.of(r.address()));
            }
            fail(r.done(), e);
        }
    }

    private void fail(CompletableFuture<Void> done, StoreUnavailableException e) {
        counters.failed.incrementAndGet();
        listener.writeFailed(e);
        done.completeExceptionally(e);
    }

    private void lost(SQLException e) {
        available = false;
        Connector.closeQuietly(conn);
        conn = null;
        counters.connectionsLost.incrementAndGet();
        log.warn("PostgreSQL {}: connection lost ({}); writes fail until it is back, reconnecting",
                connector.describe(), LogText.escape(e.getMessage()));
        listener.disconnected(e);
        for (Op op; (op = queue.poll()) != null; ) {
            if (op instanceof Stop) {
                queue.offer(op);
                return;
            }
            failOp(op, new StoreUnavailableException("PostgreSQL unavailable: connection lost", e));
        }
    }

    /** Replaces the memory view with the live rows, then replays the writes still queued on top. */
    private void reload() {
        view.sync().lock(); // no listener batch read before and applied after this reload
        try {
            reloadLocked();
        } finally {
            view.sync().unlock();
        }
    }

    private void reloadLocked() {
        List<Lease> rows;
        try {
            rows = sql.live(conn, settings.maxLeases());
        } catch (SQLException e) {
            if (Connector.isConnectionLoss(e, conn)) {
                lost(e);
            } else {
                log.warn("PostgreSQL {}: reload failed: {}", connector.describe(), LogText.escape(e.getMessage()));
            }
            return;
        }
        if (rows.size() >= settings.maxLeases()) {
            log.warn("PostgreSQL {}: {} live leases or more; the memory view holds the newest {}", connector.describe(),
                    rows.size(), settings.maxLeases());
        }
        synchronized (view) {
            view.replaceAll(rows);
            for (Op op : queue) {
                if (op instanceof Put p) {
                    view.put(p.lease());
                } else if (op instanceof Release r) {
                    view.release(r.mac(), r.clientId(), r.address());
                }
            }
        }
        counters.reloads.incrementAndGet();
        listener.reloaded(rows.size());
    }

    /** Writes what is queued (up to {@code limit}), stops the thread, fails anything left, closes the connection. */
    public void close(Duration limit) {
        if (closed) {
            return;
        }
        closed = true;
        if (!queue.offer(new Stop())) {
            thread.interrupt();
        }
        try {
            thread.join(limit.toMillis());
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(limit.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Op op; (op = queue.poll()) != null; ) {
            failOp(op, new StoreUnavailableException("lease store closed", null));
        }
        Connector.closeQuietly(conn);
    }
}
