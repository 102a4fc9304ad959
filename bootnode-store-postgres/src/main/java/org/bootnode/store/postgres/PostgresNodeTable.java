package org.bootnode.store.postgres;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bootnode.store.postgres.internal.Connector;
import org.bootnode.store.postgres.internal.LogText;
import org.bootnode.store.postgres.internal.Schema;

/**
 * The node table (migration 3) that head nodes sharing a database keep the admin API's nodes in:
 * each node's definition as text (the server decides its format and checks it), a version per
 * node, and one generation counter for the whole table.
 *
 * <p>A change ({@link #put}, {@link #remove}) is one transaction, applied only when the table is
 * still at the generation the caller read ({@link #read}) and checked the change against: a
 * change made by another server in between makes it return {@code false} with nothing written,
 * so that the caller reads again and checks again. Nothing is half-applied: a connection lost
 * mid-transaction is rolled back by the database, and the call throws {@link IOException}
 * (naming the database, never its password).
 *
 * <p>One connection, used by one caller at a time (the methods are synchronized), opened again
 * when lost. Every call blocks on the database: never call it from an event loop.
 */
public final class PostgresNodeTable implements AutoCloseable {
    /** A definition longer than this is refused (the table's check). */
    public static final int MAX_DEFINITION = 65536;

    /** One stored node. */
    public record Row(String name, String definition, long version) {
        /** Checks the fields. */
        public Row {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(definition, "definition");
        }
    }

    /** Every node at one generation of the table. */
    public record Snapshot(long generation, List<Row> rows) {
        /** Copies the rows. */
        public Snapshot {
            rows = List.copyOf(rows);
        }
    }

    private final Connector connector;
    private final String serverName;
    private Connection conn;

    private PostgresNodeTable(Connector connector, String serverName, Connection conn) {
        this.connector = connector;
        this.serverName = serverName;
        this.conn = conn;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Every node and the generation they belong to, read in one snapshot. */
    public synchronized Snapshot read() throws IOException {
        Connection c = connection();
        try {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            long generation;
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT generation FROM node_generation");
                    ResultSet rs = st.executeQuery()) {
                rs.next();
                generation = rs.getLong(1);
            }
            try (PreparedStatement st = c.prepareStatement("SELECT name, definition, version FROM node ORDER BY name");
                    ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
            }
            c.commit();
            return new Snapshot(generation, rows);
        } catch (SQLException e) {
            throw failed(e);
        } finally {
            reset();
        }
    }

    /** The table's generation now: one cheap query, for polling. */
    public synchronized long generation() throws IOException {
        Connection c = connection();
        try (PreparedStatement st = c.prepareStatement("SELECT generation FROM node_generation");
                ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * Adds or replaces the node {@code name} with {@code definition}, if the table is still at
     * {@code generation}; committed when it returns true.
     *
     * @return false, with nothing written, when another change came after {@code generation}
     */
    public synchronized boolean put(long generation, String name, String definition) throws IOException {
        if (definition.length() > MAX_DEFINITION) {
            throw new IllegalArgumentException("definition: " + definition.length() + " characters (expected: at most "
                    + MAX_DEFINITION + ")");
        }
        return change(generation, "INSERT INTO node (name, definition, version, changed_by) VALUES (?, ?, 1, ?)"
                + " ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, version = node.version + 1,"
                + " changed_by = excluded.changed_by, changed_at = now()", name, definition);
    }

    /**
     * Removes the node {@code name}, if the table is still at {@code generation}; committed when
     * it returns true.
     *
     * @return false, with nothing written, when another change came after {@code generation}
     */
    public synchronized boolean remove(long generation, String name) throws IOException {
        return change(generation, "DELETE FROM node WHERE name = ?", name, null);
    }

    private boolean change(long generation, String sql, String name, String definition) throws IOException {
        Connection c = connection();
        try {
            c.setAutoCommit(false);
            // The generation row first: it serializes every server's changes, and a stale one writes nothing.
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE node_generation SET generation = generation + 1 WHERE generation = ?")) {
                st.setLong(1, generation);
                if (st.executeUpdate() != 1) {
                    c.rollback();
                    return false;
                }
            }
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setString(1, name);
                if (definition != null) {
                    st.setString(2, definition);
                    st.setString(3, serverName);
                }
                st.executeUpdate();
            }
            c.commit();
            return true;
        } catch (SQLException e) {
            try {
                if (!c.isClosed()) {
                    c.rollback();
                }
            } catch (SQLException ignored) {
                // The connection is going: the database rolls the transaction back itself.
            }
            throw failed(e);
        } finally {
            reset();
        }
    }

    private Connection connection() throws IOException {
        try {
            if (conn == null || conn.isClosed()) {
                conn = connector.open();
            }
            return conn;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Back to auto-commit for the next call; drops a connection that cannot be. */
    private void reset() {
        try {
            if (conn != null && !conn.isClosed()) {
                conn.setAutoCommit(true);
                conn.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        } catch (SQLException e) {
            Connector.closeQuietly(conn);
            conn = null;
        }
    }

    /** The database's error, naming it (no password); a lost connection is dropped, to be opened again at the next call. */
    private IOException failed(SQLException e) {
        if (Connector.isConnectionLoss(e, conn)) {
            Connector.closeQuietly(conn);
            conn = null;
        }
        return new IOException("PostgreSQL " + connector.describe() + ": " + LogText.escape(e.getMessage())
                + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")"), e);
    }

    /** The database and user, for messages (no password). */
    public String describe() {
        return connector.describe();
    }

    @Override
    public synchronized void close() {
        Connector.closeQuietly(conn);
        conn = null;
    }

    /** Settings of a node table; {@link #url} is required. */
    public static final class Builder {
        private String url;
        private String user;
        private String password;
        private String serverName = "bootnode";

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

        /** This server's name, stored with each change; default {@code bootnode}. */
        public Builder serverName(String serverName) {
            this.serverName = Connector.checkServerName(serverName);
            return this;
        }

        /**
         * Connects and migrates the schema.
         *
         * @throws StoreStartException the database is unreachable, refused the credentials, or
         *     holds a newer schema
         */
        public PostgresNodeTable build() {
            Objects.requireNonNull(url, "url");
            Connector connector = new Connector(url, user, password, Duration.ofSeconds(5), Duration.ofSeconds(10));
            Connection conn = null;
            try {
                conn = connector.open();
                Schema.migrate(conn, serverName);
                return new PostgresNodeTable(connector, serverName, conn);
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
