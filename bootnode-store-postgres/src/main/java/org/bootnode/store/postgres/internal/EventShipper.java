package org.bootnode.store.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.store.postgres.SharedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread of a {@code PostgresEventLog}: writes queued events in batches, reads the other
 * servers' events by a cursor, deletes old ones, reconnects with a backoff. It alone uses its
 * connection.
 *
 * <p>The cursor is {@code (xact, id)}: the id of the transaction that wrote a row, then the row's
 * id. A poll reads only rows whose transaction is older than the oldest one still running
 * ({@code pg_snapshot_xmin(pg_current_snapshot())}): every such transaction has ended, so no row
 * can appear below the cursor later. An id cursor alone would skip a row whose transaction took
 * an id first and committed after a later one was read.
 */
public final class EventShipper {
    private static final Logger log = LoggerFactory.getLogger(EventShipper.class);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);
    private static final int POLL_LIMIT = 5000;
    private static final SharedEvent STOP = new SharedEvent("", MacAddress.of(new byte[6]), "stop",
            Instant.EPOCH, 0, "");

    private static final String INSERT = "INSERT INTO boot_event (source, server, mac, stage, time, bytes, detail)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String XMIN = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text";
    private static final String READ = "SELECT xact::text, id, source, server, mac, stage, time, bytes, detail FROM boot_event"
            + " WHERE xact < ?::xid8 AND (xact > ?::xid8 OR (xact = ?::xid8 AND id > ?)) ORDER BY xact, id LIMIT ?";
    private static final String HISTORY = "SELECT server, mac, stage, time, bytes, detail FROM boot_event"
            + " WHERE xact < ?::xid8 ORDER BY time DESC, id DESC LIMIT ?";
    private static final String PRUNE = "DELETE FROM boot_event WHERE time < now() - make_interval(secs => ?)";

    /** What the log was built with. */
    public record Limits(String serverName, String source, int queueLimit, int batchSize, int history,
            Duration pollInterval, Duration retention, Duration reconnectMin, Duration reconnectMax) { }

    public final AtomicLong written = new AtomicLong();
    public final AtomicLong dropped = new AtomicLong();
    public final AtomicLong received = new AtomicLong();

    private final Connector connector;
    private final Limits limits;
    private final Consumer<List<SharedEvent>> receiver;
    private final BlockingQueue<SharedEvent> queue;
    private final List<SharedEvent> pending = new ArrayList<>();
    private final Thread thread;
    private Connection conn;
    private volatile boolean available = true;
    private volatile boolean closed;
    private String cursorXact;
    private long cursorId = -1;
    private Duration backoff;

    private EventShipper(Connector connector, Connection conn, Limits limits, Consumer<List<SharedEvent>> receiver,
            String cursorXact) {
        this.connector = connector;
        this.conn = conn;
        this.limits = limits;
        this.receiver = receiver;
        this.cursorXact = cursorXact;
        this.queue = new ArrayBlockingQueue<>(limits.queueLimit());
        this.backoff = limits.reconnectMin();
        this.thread = new Thread(this::run, "bootnode-pg-events");
        thread.setDaemon(true);
    }

    /** Hands the stored history to {@code receiver} (on the caller's thread), then starts the thread. */
    public static EventShipper start(Connector connector, Connection conn, Limits limits,
            Consumer<List<SharedEvent>> receiver) throws SQLException {
        String xmin = xmin(conn);
        List<SharedEvent> history = new ArrayList<>();
        if (limits.history() > 0) {
            try (PreparedStatement ps = conn.prepareStatement(HISTORY)) {
                ps.setString(1, xmin);
                ps.setInt(2, limits.history());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        history.add(event(rs, 1));
                    }
                }
            }
        }
        Collections.reverse(history);
        EventShipper shipper = new EventShipper(connector, conn, limits, receiver, xmin);
        shipper.deliver(history);
        shipper.thread.start();
        return shipper;
    }

    public boolean available() {
        return available && !closed;
    }

    public boolean offer(SharedEvent event) {
        if (closed || !queue.offer(event)) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    private void run() {
        long nextPoll = System.nanoTime();
        long nextPrune = System.nanoTime();
        boolean stopping = false;
        try {
            while (true) {
                if (conn == null) {
                    // The events wait in the queue meanwhile (offer drops when it is full); close unparks.
                    LockSupport.parkNanos(backoff.toNanos());
                    if (stopping || closed) {
                        break;
                    }
                    reconnect();
                    continue;
                }
                long now = System.nanoTime();
                if (!stopping && now - nextPoll >= 0) {
                    boolean more = poll();
                    nextPoll = more ? now : now + limits.pollInterval().toNanos();
                }
                if (!stopping && now - nextPrune >= 0 && conn != null) {
                    prune();
                    nextPrune = now + PRUNE_EVERY.toNanos();
                }
                if (conn == null) {
                    // The read or the prune found the connection gone: wait and reconnect before writing.
                    continue;
                }
                if (pending.isEmpty()) {
                    SharedEvent first = stopping ? queue.poll()
                            : queue.poll(Math.max(0, nextPoll - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (first == STOP) {
                        stopping = true;
                        continue;
                    }
                    if (first == null) {
                        if (stopping) {
                            break;
                        }
                        continue;
                    }
                    pending.add(first);
                    queue.drainTo(pending, limits.batchSize() - 1);
                    if (pending.remove(STOP)) {
                        stopping = true;
                    }
                }
                write();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            dropped.addAndGet(pending.size() + queue.size());
            pending.clear();
            queue.clear();
            Connector.closeQuietly(conn);
            conn = null;
        }
    }

    private void write() {
        try {
            conn.setAutoCommit(false);
            try (PreparedStatement ps = conn.prepareStatement(INSERT)) {
                for (SharedEvent e : pending) {
                    ps.setString(1, limits.source());
                    ps.setString(2, limits.serverName());
                    ps.setBytes(3, e.mac().bytes());
                    ps.setString(4, e.stage());
                    ps.setObject(5, OffsetDateTime.ofInstant(e.time(), ZoneOffset.UTC));
                    ps.setLong(6, e.bytes());
                    ps.setString(7, e.detail().length() <= SharedEvent.MAX_DETAIL ? e.detail()
                            : e.detail().substring(0, SharedEvent.MAX_DETAIL - 3) + "...");
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            conn.commit();
            conn.setAutoCommit(true);
            written.addAndGet(pending.size());
            pending.clear();
        } catch (SQLException e) {
            if (!lost(e)) {
                // Not the connection: the batch itself was refused. Drop it rather than retry forever.
                log.warn("PostgreSQL {}: {} boot events not stored: {}", connector.describe(), pending.size(),
                        LogText.escape(e.getMessage()));
                dropped.addAndGet(pending.size());
                pending.clear();
                try {
                    conn.rollback();
                    conn.setAutoCommit(true);
                } catch (SQLException r) {
                    lost(r);
                }
            }
        }
    }

    /** Reads the next events of the other servers; true when there may be more right away. */
    private boolean poll() {
        try {
            String xmin = xmin(conn);
            List<SharedEvent> events = new ArrayList<>();
            int rows = 0;
            String lastXact = null;
            long lastId = -1;
            try (PreparedStatement ps = conn.prepareStatement(READ)) {
                ps.setString(1, xmin);
                ps.setString(2, cursorXact);
                ps.setString(3, cursorXact);
                ps.setLong(4, cursorId);
                ps.setInt(5, POLL_LIMIT);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        lastXact = rs.getString(1);
                        lastId = rs.getLong(2);
                        if (!limits.source().equals(rs.getString(3))) {
                            events.add(event(rs, 4));
                        }
                    }
                }
            }
            if (rows == POLL_LIMIT) {
                cursorXact = lastXact;
                cursorId = lastId;
            } else {
                // Every row below xmin has been read: start there next time.
                cursorXact = xmin;
                cursorId = -1;
            }
            deliver(events);
            return rows == POLL_LIMIT;
        } catch (SQLException e) {
            if (!lost(e)) {
                log.warn("PostgreSQL {}: reading the other servers' boot events failed: {}", connector.describe(),
                        LogText.escape(e.getMessage()));
            }
            return false;
        }
    }

    private void prune() {
        try (PreparedStatement ps = conn.prepareStatement(PRUNE)) {
            ps.setLong(1, limits.retention().toSeconds());
            int gone = ps.executeUpdate();
            if (gone > 0) {
                log.debug("PostgreSQL {}: {} boot events older than {} deleted", connector.describe(), gone, limits.retention());
            }
        } catch (SQLException e) {
            if (!lost(e)) {
                log.warn("PostgreSQL {}: deleting old boot events failed: {}", connector.describe(), LogText.escape(e.getMessage()));
            }
        }
    }

    private void deliver(List<SharedEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        received.addAndGet(events.size());
        try {
            receiver.accept(List.copyOf(events));
        } catch (RuntimeException e) {
            log.warn("boot event receiver failed: {}", LogText.escape(e));
        }
    }

    private static String xmin(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(XMIN)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static SharedEvent event(ResultSet rs, int first) throws SQLException {
        return new SharedEvent(rs.getString(first), MacAddress.of(rs.getBytes(first + 1)), rs.getString(first + 2),
                rs.getObject(first + 3, OffsetDateTime.class).toInstant(), rs.getLong(first + 4), rs.getString(first + 5));
    }

    /** Handles a failure; true when the connection is gone (then closed, to be reopened). */
    private boolean lost(SQLException e) {
        if (!Connector.isConnectionLoss(e, conn)) {
            return false;
        }
        Connector.closeQuietly(conn);
        conn = null;
        available = false;
        backoff = limits.reconnectMin();
        log.warn("PostgreSQL {}: connection lost ({}); boot events wait (up to {}) until it is back", connector.describe(),
                LogText.escape(e.getMessage()), limits.queueLimit());
        return true;
    }

    private void reconnect() {
        try {
            conn = connector.open();
            available = true;
            log.info("PostgreSQL {}: boot events connected again", connector.describe());
        } catch (SQLException e) {
            Duration doubled = backoff.multipliedBy(2);
            backoff = doubled.compareTo(limits.reconnectMax()) > 0 ? limits.reconnectMax() : doubled;
        }
    }

    /** Stops the thread: writes what is queued while the database answers, for at most {@code limit}. */
    public void close(Duration limit) {
        if (closed) {
            return;
        }
        closed = true;
        LockSupport.unpark(thread);
        if (!queue.offer(STOP)) {
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
    }
}
