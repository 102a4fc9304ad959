package org.bootnode.store.postgres.internal;

import java.net.Inet4Address;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bootnode.dhcp.lease.Lease;
import org.bootnode.store.postgres.PostgresStoreListener;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the memory view in step with the other servers: LISTENs on {@link LeaseSql#CHANNEL} on a
 * connection of its own, and for each batch of notifications reads the rows of the addresses they
 * name and applies them (a row present: put; absent: forget). PostgreSQL sends a notification only
 * when its transaction commits, so the view never learns a write that was rolled back.
 *
 * <p>Notifications sent while this connection was down are lost: after each reconnect it asks the
 * writer for a full reload.
 */
public final class NotificationListener {
    private static final Logger log = LoggerFactory.getLogger(NotificationListener.class);
    /** How long one wait for notifications lasts: also how soon close is noticed. */
    private static final int POLL_MILLIS = 250;
    /** Addresses read back per query. */
    private static final int BATCH = 1000;

    private final Connector connector;
    private final LeaseSql sql;
    private final LeaseView view;
    private final LeaseWriter writer;
    private final Settings settings;
    private final PostgresStoreListener listener;
    private final Counters counters;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    /** Addresses notified while a local write on them was running: read again on the next turn. */
    private final Set<Inet4Address> recheck = new LinkedHashSet<>();
    private Connection conn;

    public NotificationListener(Connector connector, LeaseSql sql, LeaseView view, LeaseWriter writer, Settings settings,
            PostgresStoreListener listener, Counters counters, Connection listening) {
        this.connector = connector;
        this.sql = sql;
        this.view = view;
        this.writer = writer;
        this.settings = settings;
        this.listener = listener;
        this.counters = counters;
        this.conn = listening;
        this.thread = new Thread(this::run, "bootnode-pg-listener");
        thread.setDaemon(true);
        thread.start();
    }

    /** Opens a connection and LISTENs on the channel. */
    public static Connection listen(Connector connector) throws SQLException {
        Connection c = connector.open();
        try (Statement st = c.createStatement()) {
            st.execute("LISTEN " + LeaseSql.CHANNEL);
        } catch (SQLException e) {
            Connector.closeQuietly(c);
            throw e;
        }
        return c;
    }

    private void run() {
        Duration backoff = settings.reconnectMin();
        try {
            while (stop.getCount() > 0) {
                if (conn == null) {
                    if (stop.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                    try {
                        conn = listen(connector);
                    } catch (SQLException e) {
                        backoff = backoff.multipliedBy(2).compareTo(settings.reconnectMax()) > 0
                                ? settings.reconnectMax() : backoff.multipliedBy(2);
                        continue;
                    }
                    backoff = settings.reconnectMin();
                    writer.requestReload(); // what was committed while we were away
                }
                try {
                    PGNotification[] batch = conn.unwrap(PGConnection.class).getNotifications(POLL_MILLIS);
                    apply(batch == null ? new PGNotification[0] : batch);
                } catch (SQLException e) {
                    log.debug("PostgreSQL {}: notification connection lost ({})", connector.describe(),
                            LogText.escape(e.getMessage()));
                    Connector.closeQuietly(conn);
                    conn = null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Connector.closeQuietly(conn);
        }
    }

    private void apply(PGNotification[] batch) throws SQLException {
        Set<Inet4Address> changed = new LinkedHashSet<>(recheck);
        recheck.clear();
        for (PGNotification n : batch) {
            String payload = n.getParameter();
            if (!LeaseSql.CHANNEL.equals(n.getName()) || sql.isOwn(payload)) {
                continue;
            }
            int sp = payload.indexOf(' ');
            try {
                changed.add(LeaseSql.inet4(payload.substring(sp + 1)));
            } catch (IllegalArgumentException e) {
                log.debug("notification dropped: unreadable payload {}", LogText.escape(payload));
            }
        }
        List<Inet4Address> all = new ArrayList<>(changed);
        int applied = 0;
        for (int from = 0; from < all.size(); from += BATCH) {
            List<Inet4Address> part = all.subList(from, Math.min(all.size(), from + BATCH));
            view.sync().lock();
            try {
                view.beginRemoteRead();
                Map<Inet4Address, Lease> rows = new HashMap<>();
                for (Lease l : sql.byAddresses(conn, part)) {
                    rows.put(l.address(), l);
                }
                synchronized (view) {
                    for (Inet4Address a : part) {
                        if (!view.settled(a)) {
                            recheck.add(a); // the row read may predate that local write: read it again
                            continue;
                        }
                        Lease row = rows.get(a);
                        if (row != null) {
                            view.put(row);
                        } else {
                            view.forget(a);
                        }
                        applied++;
                    }
                }
            } finally {
                view.sync().unlock();
            }
        }
        if (applied > 0) {
            counters.notified.addAndGet(applied);
            listener.notified(applied);
        }
    }

    /** Stops the thread and closes its connection. */
    public void close(Duration limit) {
        stop.countDown();
        try {
            thread.join(limit.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
