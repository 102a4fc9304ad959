package org.bootnode.store.postgres;

import java.net.Inet4Address;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.bootnode.dhcp.ClientId;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.lease.Lease;
import org.bootnode.dhcp.lease.LeaseStore;
import org.bootnode.store.postgres.internal.Connector;
import org.bootnode.store.postgres.internal.Counters;
import org.bootnode.store.postgres.internal.LeaseSql;
import org.bootnode.store.postgres.internal.LeaseView;
import org.bootnode.store.postgres.internal.LeaseWriter;
import org.bootnode.store.postgres.internal.LogText;
import org.bootnode.store.postgres.internal.NotificationListener;
import org.bootnode.store.postgres.internal.Schema;
import org.bootnode.store.postgres.internal.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LeaseStore} in PostgreSQL, shared by several servers (head nodes).
 *
 * <ul>
 *   <li>Reads are answered from a memory view at once (event loops call them).
 *   <li>A write updates the view at once and completes its stage on the store's writer thread when
 *       its transaction has committed, or exceptionally: {@link AddressConflictException} when
 *       another client holds the address (the view then holds that client's lease), {@link
 *       StoreUnavailableException} when the database is away, the queue is full or the store closed.
 *   <li>The database decides who gets an address: the address is the table's primary key, and a
 *       put replaces a row only if it has expired or belongs to the same client.
 *   <li>The view learns the other servers' commits through LISTEN/NOTIFY, and reloads every
 *       {@linkplain Builder#reloadInterval reload interval} and after every reconnect.
 *   <li>While the database is away, writes fail at once, reads keep answering, and the store
 *       reconnects by itself with a bounded backoff.
 * </ul>
 *
 * <p>{@link Builder#build} connects, creates or migrates the schema, and loads the live leases; it
 * throws {@link StoreStartException} when it cannot.
 */
public final class PostgresLeaseStore implements LeaseStore {
    private static final Logger log = LoggerFactory.getLogger(PostgresLeaseStore.class);
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(10);

    private final LeaseView view;
    private final LeaseWriter writer;
    private final NotificationListener notifications;
    private final Counters counters;

    private PostgresLeaseStore(LeaseView view, LeaseWriter writer, NotificationListener notifications, Counters counters) {
        this.view = view;
        this.writer = writer;
        this.notifications = notifications;
        this.counters = counters;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<Lease> byClient(MacAddress mac, ClientId clientId) {
        return view.byClient(mac, clientId);
    }

    @Override
    public Optional<Lease> byAddress(Inet4Address address) {
        return view.byAddress(address);
    }

    @Override
    public CompletionStage<Void> put(Lease lease) {
        return writer.put(Objects.requireNonNull(lease, "lease"));
    }

    /** False while the database is away, unless {@link Builder#acceptWhileUnavailable} vouches for {@code lease}. */
    @Override
    public boolean canCommit(Lease lease) {
        return writer.canCommit(lease);
    }

    @Override
    public CompletionStage<Void> release(MacAddress mac, ClientId clientId, Inet4Address address) {
        return writer.release(Objects.requireNonNull(mac, "mac"), clientId, Objects.requireNonNull(address, "address"));
    }

    @Override
    public Collection<Lease> all() {
        return List.copyOf(view.all());
    }

    /** Whether writes are accepted now: false while the database is away. */
    public boolean available() {
        return writer.available();
    }

    /** What the store has counted since it started. */
    public Stats stats() {
        return new Stats(counters.committed.get(), counters.conflicts.get(), counters.failed.get(),
                counters.connectionsLost.get(), counters.reloads.get(), counters.notified.get(),
                counters.acceptedUnavailable.get());
    }

    /**
     * The store's counts.
     *
     * @param committed writes committed
     * @param conflicts puts refused because another client holds the address
     * @param failed writes failed otherwise (database away, connection lost, queue full, closed)
     * @param connectionsLost times the writer connection was lost
     * @param reloads reloads of the memory view from the database
     * @param notified addresses learned from the other servers' notifications
     * @param acceptedUnavailable puts accepted in memory only while the database was away
     *     ({@link Builder#acceptWhileUnavailable})
     */
    public record Stats(long committed, long conflicts, long failed, long connectionsLost, long reloads, long notified,
            long acceptedUnavailable) { }

    /** Writes what is queued (while the database answers, up to ten seconds), then stops; later writes fail. */
    @Override
    public void close() {
        writer.close(CLOSE_LIMIT);
        notifications.close(CLOSE_LIMIT);
    }

    /** Settings of a store; {@link #url} is required, the rest have the defaults documented on each. */
    public static final class Builder {
        private String url;
        private String user;
        private String password;
        private String serverName = "bootnode";
        private int queueLimit = 4096;
        private int maxLeases = 1_000_000;
        private Duration reloadInterval = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration socketTimeout = Duration.ofSeconds(10);
        private Duration reconnectMin = Duration.ofMillis(100);
        private Duration reconnectMax = Duration.ofSeconds(5);
        private PostgresStoreListener listener = PostgresStoreListener.NONE;
        private Predicate<Lease> acceptWhileUnavailable = lease -> false;

        private Builder() {}

        /** The database: {@code jdbc:postgresql://host[:port]/database[?parameters]} (pgjdbc's syntax). */
        public Builder url(String url) {
            this.url = Connector.checkUrl(url);
            return this;
        }

        /** The database user; default: none (pgjdbc then uses the operating-system user name). */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** The password; default: none (trust or peer authentication, or a password in the URL). */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** Reads the password from the first line of {@code file} (a configuration's password-file). */
        public Builder passwordFile(Path file) {
            this.password = Connector.readPasswordFile(file);
            return this;
        }

        /** This server's name, written into each row it writes ({@code written_by}); default {@code bootnode}. */
        public Builder serverName(String serverName) {
            this.serverName = Connector.checkServerName(serverName);
            return this;
        }

        /** Writes waiting for the writer at most; a write beyond fails at once. Default 4096. */
        public Builder queueLimit(int queueLimit) {
            if (queueLimit < 1 || queueLimit > 1_000_000) {
                throw new IllegalArgumentException("queueLimit: " + queueLimit + " (expected: 1..1000000)");
            }
            this.queueLimit = queueLimit;
            return this;
        }

        /** Live leases a reload takes into memory at most (the newest written first). Default 1,000,000. */
        public Builder maxLeases(int maxLeases) {
            if (maxLeases < 1) {
                throw new IllegalArgumentException("maxLeases: " + maxLeases + " (expected: 1 or more)");
            }
            this.maxLeases = maxLeases;
            return this;
        }

        /** How often the memory view is reloaded from the database besides notifications. Default 30 s. */
        public Builder reloadInterval(Duration reloadInterval) {
            this.reloadInterval = positive("reloadInterval", reloadInterval);
            return this;
        }

        /** Connect and login timeout (rounded to whole seconds, at least 1). Default 5 s. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive("connectTimeout", connectTimeout);
            return this;
        }

        /** How long a statement may wait for the database before the connection counts as lost. Default 10 s. */
        public Builder socketTimeout(Duration socketTimeout) {
            this.socketTimeout = positive("socketTimeout", socketTimeout);
            return this;
        }

        /** The wait between reconnect attempts doubles from {@code min} to {@code max}. Default 100 ms to 5 s. */
        public Builder reconnectBackoff(Duration min, Duration max) {
            positive("reconnectBackoff min", min);
            positive("reconnectBackoff max", max);
            if (max.compareTo(min) < 0) {
                throw new IllegalArgumentException("reconnectBackoff: " + min + ".." + max + " (expected: min <= max)");
            }
            this.reconnectMin = min;
            this.reconnectMax = max;
            return this;
        }

        /**
         * Leases whose put succeeds, in memory only, while the database is away: those whose address
         * is unique by configuration, such as a node's static reservation, so that reserved nodes keep
         * getting answers. Such a put is not written; the client's next renewal after the reconnect
         * is. Counted in {@link Stats#acceptedUnavailable}. Default: none. Called on the caller's
         * thread (an event loop): keep it a lookup.
         */
        public Builder acceptWhileUnavailable(Predicate<Lease> acceptWhileUnavailable) {
            this.acceptWhileUnavailable = Objects.requireNonNull(acceptWhileUnavailable, "acceptWhileUnavailable");
            return this;
        }

        /** Told what the store does (connects, losses, conflicts, reloads); default none. */
        public Builder listener(PostgresStoreListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
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
         * Connects, brings the schema to this code's version, loads the live leases and starts the
         * writer and listener threads.
         *
         * @throws StoreStartException the database is unreachable, refused the credentials, or its
         *     schema is newer than this code; the message names the URL without the password
         */
        public PostgresLeaseStore build() {
            if (url == null) {
                throw new IllegalArgumentException("url: missing (expected: jdbc:postgresql://host/database)");
            }
            Connector connector = new Connector(url, user, password, connectTimeout, socketTimeout);
            Settings settings = new Settings(serverName, queueLimit, maxLeases, reloadInterval, reconnectMin, reconnectMax,
                    acceptWhileUnavailable);
            LeaseSql sql = new LeaseSql(UUID.randomUUID().toString());
            LeaseView view = new LeaseView();
            Counters counters = new Counters();
            Connection writing = null;
            Connection listening = null;
            try {
                writing = connector.open();
                int before = Schema.migrate(writing, serverName);
                if (before < Schema.latest()) {
                    log.info("PostgreSQL {}: schema migrated from version {} to {}", connector.describe(), before, Schema.latest());
                }
                // LISTEN before the load: a commit between the two is then seen twice, never missed.
                listening = NotificationListener.listen(connector);
                view.replaceAll(sql.live(writing, maxLeases));
            } catch (SQLException e) {
                Connector.closeQuietly(writing);
                Connector.closeQuietly(listening);
                throw new StoreStartException("PostgreSQL " + connector.describe() + ": " + LogText.escape(e.getMessage())
                        + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")"), e);
            } catch (Schema.TooNewException e) {
                Connector.closeQuietly(writing);
                throw new StoreStartException("PostgreSQL " + connector.describe() + ": " + LogText.escape(e.getMessage()), e);
            }
            log.info("PostgreSQL {}: lease store started with {} live leases", connector.describe(), view.size());
            LeaseWriter writer = new LeaseWriter(connector, sql, view, settings, listener, counters, writing);
            NotificationListener notifications = new NotificationListener(connector, sql, view, writer, settings, listener,
                    counters, listening);
            return new PostgresLeaseStore(view, writer, notifications, counters);
        }
    }

    @Override
    public String toString() {
        return "PostgresLeaseStore" + LogText.escape(stats());
    }
}
