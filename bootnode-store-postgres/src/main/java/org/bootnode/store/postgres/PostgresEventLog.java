package org.bootnode.store.postgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.bootnode.store.postgres.internal.Connector;
import org.bootnode.store.postgres.internal.EventShipper;
import org.bootnode.store.postgres.internal.LogText;
import org.bootnode.store.postgres.internal.Schema;

/**
 * Boot events shared through PostgreSQL: each server appends the events it records to the table
 * {@code boot_event}, and receives the other servers' events, so that each can show every node's
 * boots.
 *
 * <ul>
 *   <li>{@link #offer} never waits: the event joins a bounded queue ({@link Builder#queueLimit});
 *       when the queue is full (the database is away or slow) the event is dropped and counted
 *       ({@link #dropped}). One thread of the log's own writes the queue in batches, one
 *       transaction per batch.
 *   <li>The other servers' events are polled every {@link Builder#pollInterval} (default 1 s) and
 *       handed to the receiver on that thread, oldest first. Polling rather than LISTEN/NOTIFY: a
 *       boot makes a dozen events, a notification per event would double the traffic, and a poll by
 *       a cursor loses nothing across a reconnect (a notification sent meanwhile is lost). The
 *       cursor is the writing transaction's id, read only below the oldest running transaction
 *       ({@code pg_snapshot_xmin}), so a transaction that commits late is still read.
 *   <li>At start the receiver gets the newest {@link Builder#history} events already stored (this
 *       server's from before a restart too).
 *   <li>The database away: writes wait in the queue (then drop), polls pause; the log reconnects by
 *       itself with a backoff from 100 ms to 5 s. Events older than {@link Builder#retention} are
 *       deleted once an hour.
 * </ul>
 */
public final class PostgresEventLog implements AutoCloseable {
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(5);

    private final EventShipper shipper;

    private PostgresEventLog(EventShipper shipper) {
        this.shipper = shipper;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Queues {@code event} for writing; false when the queue is full and the event was dropped (counted). */
    public boolean offer(SharedEvent event) {
        return shipper.offer(Objects.requireNonNull(event, "event"));
    }

    /** Events written (committed) since the start. */
    public long written() {
        return shipper.written.get();
    }

    /** Events dropped since the start: the queue was full, or the log closed. */
    public long dropped() {
        return shipper.dropped.get();
    }

    /** Other servers' events received since the start (history included). */
    public long received() {
        return shipper.received.get();
    }

    /** Whether the log's connection is open now. */
    public boolean available() {
        return shipper.available();
    }

    /** Writes what is queued (while the database answers, up to five seconds), then stops. */
    @Override
    public void close() {
        shipper.close(CLOSE_LIMIT);
    }

    /** Settings of a log; {@link #url} and {@link #receiver} are required. */
    public static final class Builder {
        private String url;
        private String user;
        private String password;
        private String serverName = "bootnode";
        private int queueLimit = 8192;
        private int batchSize = 512;
        private int history = 10_000;
        private Duration pollInterval = Duration.ofSeconds(1);
        private Duration retention = Duration.ofDays(7);
        private Consumer<List<SharedEvent>> receiver;

        private Builder() {}

        /** The database: {@code jdbc:postgresql://host[:port]/database[?parameters]}. */
        public Builder url(String url) {
            this.url = Connector.checkUrl(url);
            return this;
        }

        /** The database user; default none. */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** The password; default none. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** Reads the password from the first line of {@code file}. */
        public Builder passwordFile(Path file) {
            this.password = Connector.readPasswordFile(file);
            return this;
        }

        /** This server's name, stored with each event; default {@code bootnode}. */
        public Builder serverName(String serverName) {
            this.serverName = Connector.checkServerName(serverName);
            return this;
        }

        /** Events waiting to be written at most; one more is dropped. Default 8192. */
        public Builder queueLimit(int queueLimit) {
            if (queueLimit < 1 || queueLimit > 1_000_000) {
                throw new IllegalArgumentException("queueLimit: " + queueLimit + " (expected: 1..1000000)");
            }
            this.queueLimit = queueLimit;
            return this;
        }

        /** Events written in one transaction at most; default 512. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > 10_000) {
                throw new IllegalArgumentException("batchSize: " + batchSize + " (expected: 1..10000)");
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Stored events handed to the receiver at start at most (the newest); default 10,000, 0 for none. */
        public Builder history(int history) {
            if (history < 0 || history > 1_000_000) {
                throw new IllegalArgumentException("history: " + history + " (expected: 0..1000000)");
            }
            this.history = history;
            return this;
        }

        /** How often the other servers' events are read; default 1 s. */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = positive("pollInterval", pollInterval);
            return this;
        }

        /** How long events are kept in the table; default 7 days. */
        public Builder retention(Duration retention) {
            this.retention = positive("retention", retention);
            return this;
        }

        /**
         * Told of the other servers' events, oldest first, on the log's thread: it must not block
         * (hand them to a thread-safe timeline, or to an event loop).
         */
        public Builder receiver(Consumer<List<SharedEvent>> receiver) {
            this.receiver = Objects.requireNonNull(receiver, "receiver");
            return this;
        }

        private static Duration positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + ": " + d + " (expected: more than zero)");
            }
            return d;
        }

        /**
         * Connects, brings the schema to this code's version, hands the stored history to the
         * receiver and starts the log's thread.
         *
         * @throws StoreStartException the database is unreachable, refused the credentials, or its
         *     schema is newer than this code
         */
        public PostgresEventLog build() {
            if (url == null) {
                throw new IllegalArgumentException("url: missing (expected: jdbc:postgresql://host/database)");
            }
            Objects.requireNonNull(receiver, "receiver");
            Connector connector = new Connector(url, user, password, Duration.ofSeconds(5), Duration.ofSeconds(10));
            EventShipper.Limits limits = new EventShipper.Limits(serverName, UUID.randomUUID().toString(), queueLimit,
                    batchSize, history, pollInterval, retention, Duration.ofMillis(100), Duration.ofSeconds(5));
            Connection conn = null;
            try {
                conn = connector.open();
                Schema.migrate(conn, serverName);
                return new PostgresEventLog(EventShipper.start(connector, conn, limits, receiver));
            } catch (SQLException e) {
                Connector.closeQuietly(conn);
                throw new StoreStartException("PostgreSQL " + connector.describe() + ": " + LogText.escape(e.getMessage())
                        + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")"), e);
            } catch (Schema.TooNewException e) {
                Connector.closeQuietly(conn);
                throw new StoreStartException("PostgreSQL " + connector.describe() + ": " + LogText.escape(e.getMessage()), e);
            }
        }
    }
}
