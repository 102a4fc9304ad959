package org.bootnode.store.postgres.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The store's own schema migrations: numbered SQL resources ({@code migrations/0001.sql}, {@code
 * 0002.sql}, ...) applied in order, each recorded in {@code schema_version}, all in one transaction
 * under an advisory lock, so that two servers starting at once migrate once. A database whose
 * version is newer than the newest resource is refused: this code would misread it.
 */
public final class Schema {
    /** An arbitrary key for pg_advisory_xact_lock: "boot" in ASCII. */
    private static final long LOCK = 0x626f6f74L;
    private static final String FOLDER = "migrations/";

    private Schema() {}

    /** The migrations this code carries, in order: index 0 is version 1. */
    public static List<String> migrations() {
        List<String> scripts = new ArrayList<>();
        for (int v = 1; ; v++) {
            try (InputStream in = Schema.class.getResourceAsStream(FOLDER + String.format("%04d.sql", v))) {
                if (in == null) {
                    return scripts;
                }
                scripts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The newest schema version this code knows. */
    public static int latest() {
        return migrations().size();
    }

    /** Why a database cannot be used by this code. */
    public static final class TooNewException extends Exception {
        TooNewException(int found, int latest) {
            super("database schema version " + found + " is newer than this bootnode knows (" + latest
                    + "): a newer bootnode migrated it; run that version or restore the database");
        }
    }

    /**
     * Brings the database to {@link #latest()}; returns the version found before. {@code conn} is in
     * auto-commit mode before and after.
     */
    public static int migrate(Connection conn, String appliedBy) throws SQLException, TooNewException {
        List<String> scripts = migrations();
        conn.setAutoCommit(false);
        try {
            try (Statement st = conn.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
                st.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                        + "version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now(), applied_by text NOT NULL)");
            }
            int found;
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
                rs.next();
                found = rs.getInt(1);
            }
            if (found > scripts.size()) {
                throw new TooNewException(found, scripts.size());
            }
            for (int v = found + 1; v <= scripts.size(); v++) {
                try (Statement st = conn.createStatement()) {
                    st.execute(scripts.get(v - 1));
                }
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO schema_version (version, applied_by) VALUES (?, ?)")) {
                    ps.setInt(1, v);
                    ps.setString(2, appliedBy);
                    ps.executeUpdate();
                }
            }
            conn.commit();
            return found;
        } catch (SQLException | TooNewException | RuntimeException e) {
            try {
                conn.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r); // the first failure is the one to report
            }
            throw e;
        } finally {
            try {
                conn.setAutoCommit(true);
            } catch (SQLException ignored) {
                // A broken connection: the caller reports the failure and closes it.
            }
        }
    }
}
