package org.bootnode.store.postgres.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bootnode.dhcp.ClientId;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.lease.Lease;

/**
 * The statements on the {@code lease} table (schema: migrations/0001.sql). Each write is one
 * transaction that ends in a {@code pg_notify} on {@link #CHANNEL}, which PostgreSQL delivers to
 * the other servers only if, and when, the transaction commits.
 */
public final class LeaseSql {
    /** The LISTEN/NOTIFY channel; the payload is the writer's instance id, a space, the address. */
    public static final String CHANNEL = "bootnode_lease";

    private static final String COLUMNS = "host(address), mac, client_id, host_name, expires, state";

    /** Whether the row {@code l} belongs to the client of the new values: {@link Lease#belongsTo}'s rule. */
    private static final String SAME_CLIENT = "CASE WHEN l.client_id IS NOT NULL AND excluded.client_id IS NOT NULL"
            + " THEN l.client_id = excluded.client_id ELSE l.mac = excluded.mac END";

    /**
     * Insert, or replace the row on the address when it has expired or is the same client's. A live
     * row of another client is left alone and nothing is returned: the put is refused. Concurrent
     * inserts of one address serialise on the primary key; the loser sees the winner's row here.
     */
    private static final String UPSERT = "INSERT INTO lease AS l (address, mac, client_id, client_key, host_name, expires, state, written_by)"
            + " VALUES (?::inet, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (address) DO UPDATE SET mac = excluded.mac, client_id = excluded.client_id,"
            + " client_key = excluded.client_key, host_name = excluded.host_name, expires = excluded.expires,"
            + " state = excluded.state, written_by = excluded.written_by, written_at = now()"
            + " WHERE l.expires <= now() OR " + SAME_CLIENT
            + " RETURNING pg_notify(?, ?)"; // sent on commit, for a row written only

    /** The client's previous bound lease elsewhere: a client holds one bound lease. */
    private static final String DELETE_PREVIOUS = "DELETE FROM lease WHERE client_key = ? AND state = 'bound' AND address <> ?::inet";

    private static final String RELEASE = "DELETE FROM lease l WHERE address = ?::inet AND state = 'bound'"
            + " AND CASE WHEN l.client_id IS NOT NULL AND ?::bytea IS NOT NULL THEN l.client_id = ? ELSE l.mac = ? END";

    private final String instance;

    /** {@code instance}: this store's id, carried in notifications so that it can skip its own. */
    public LeaseSql(String instance) {
        this.instance = instance;
    }

    /**
     * Writes {@code lease} in one transaction; returns empty when committed, else the row that holds
     * the address (nothing was written). {@code conn} is in auto-commit mode before and after.
     *
     * <p>Without {@code dropPrevious} the write is one statement in auto-commit mode (one round trip,
     * its own transaction). With it, the client's bound row on another address is deleted first, in
     * the same transaction: the caller asks for that when its view shows such a row, or when the
     * database refused the plain write with the one-bound-lease-per-client index (SQLSTATE 23505).
     */
    public Optional<Lease> put(Connection conn, Lease lease, String writtenBy, boolean dropPrevious) throws SQLException {
        // The holder can release between the refused insert and the read of its row: then try again.
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<Optional<Lease>> done = dropPrevious && lease.state() == Lease.State.BOUND
                    ? inTransaction(conn, () -> {
                        try (PreparedStatement ps = conn.prepareStatement(DELETE_PREVIOUS)) {
                            ps.setBytes(1, ClientKey.of(lease.mac(), lease.clientId()).bytes());
                            ps.setString(2, lease.address().getHostAddress());
                            ps.executeUpdate();
                        }
                        return upsert(conn, lease, writtenBy);
                    })
                    : upsert(conn, lease, writtenBy);
            if (done.isPresent()) {
                return done.get();
            }
        }
        throw new SQLException("address " + lease.address().getHostAddress() + " kept changing hands during the write", "40001");
    }

    /**
     * The upsert, committed (auto-commit) or in the caller's transaction (then committed or rolled
     * back here). Empty: refused by a row that was gone when read; else empty (committed) or the holder.
     */
    private Optional<Optional<Lease>> upsert(Connection conn, Lease lease, String writtenBy) throws SQLException {
        return upsert(conn, lease, writtenBy, true);
    }

    private Optional<Optional<Lease>> upsert(Connection conn, Lease lease, String writtenBy, boolean ends) throws SQLException {
        String address = lease.address().getHostAddress();
        boolean written;
        try (PreparedStatement ps = conn.prepareStatement(UPSERT)) {
            ps.setString(1, address);
            ps.setBytes(2, lease.mac().bytes());
            setBytesOrNull(ps, 3, lease.clientId());
            ps.setBytes(4, ClientKey.of(lease.mac(), lease.clientId()).bytes());
            ps.setString(5, lease.hostName());
            ps.setTimestamp(6, Timestamp.from(lease.expires()));
            ps.setString(7, lease.state() == Lease.State.BOUND ? "bound" : "declined");
            ps.setString(8, writtenBy);
            ps.setString(9, CHANNEL);
            ps.setString(10, instance + " " + address);
            try (ResultSet rs = ps.executeQuery()) {
                written = rs.next();
            }
        }
        if (ends && !conn.getAutoCommit()) {
            if (written) {
                conn.commit();
            } else {
                conn.rollback();
            }
        }
        if (written) {
            return Optional.of(Optional.empty());
        }
        List<Lease> holder = byAddresses(conn, List.of(lease.address()));
        return holder.isEmpty() ? Optional.empty() : Optional.of(Optional.of(holder.get(0)));
    }

    /**
     * The upsert inside the caller's open transaction, which commits it: empty when the row was
     * written, else the live row of another client that holds the address (nothing was written).
     * A holder gone by the time it is read fails with SQLSTATE 40001, so that the caller rolls back
     * and writes one by one.
     */
    public Optional<Lease> upsertInBatch(Connection conn, Lease lease, String writtenBy) throws SQLException {
        Optional<Optional<Lease>> done = upsert(conn, lease, writtenBy, false);
        if (done.isEmpty()) {
            throw new SQLException("address " + lease.address().getHostAddress() + " changed hands during the batch", "40001");
        }
        return done.get();
    }

    /** Deletes the client's bound lease on {@code address}, if it holds it; true if a row went. */
    public boolean release(Connection conn, MacAddress mac, ClientId clientId, Inet4Address address) throws SQLException {
        return inTransaction(conn, () -> {
            int rows;
            try (PreparedStatement ps = conn.prepareStatement(RELEASE)) {
                ps.setString(1, address.getHostAddress());
                setBytesOrNull(ps, 2, clientId);
                setBytesOrNull(ps, 3, clientId);
                ps.setBytes(4, mac.bytes());
                rows = ps.executeUpdate();
            }
            if (rows > 0) {
                notify(conn, address.getHostAddress());
            }
            conn.commit();
            return rows > 0;
        });
    }

    /** Every live lease, at most {@code limit} of them (the newest writes first). */
    public List<Lease> live(Connection conn, int limit) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT " + COLUMNS + " FROM lease WHERE expires > now() ORDER BY written_at DESC LIMIT ?")) {
            ps.setInt(1, limit);
            return read(ps);
        }
    }

    /** The rows on these addresses (absent addresses have none). */
    public List<Lease> byAddresses(Connection conn, List<Inet4Address> addresses) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS + " FROM lease WHERE address = ANY (?::inet[])")) {
            String[] texts = addresses.stream().map(Inet4Address::getHostAddress).toArray(String[]::new);
            Array array = conn.createArrayOf("text", texts);
            ps.setArray(1, array);
            return read(ps);
        }
    }

    private static List<Lease> read(PreparedStatement ps) throws SQLException {
        List<Lease> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byte[] id = rs.getBytes(3);
                out.add(new Lease(MacAddress.of(rs.getBytes(2)), id == null ? null : ClientId.of(id),
                        inet4(rs.getString(1)), rs.getString(4), rs.getTimestamp(5).toInstant(),
                        rs.getString(6).equals("bound") ? Lease.State.BOUND : Lease.State.DECLINED));
            }
        }
        return out;
    }

    /** A dotted quad as PostgreSQL's host() prints it. */
    static Inet4Address inet4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("address: " + text + " (expected: a dotted IPv4 address)");
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            int v = Integer.parseInt(parts[i]);
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("address: " + text + " (expected: a dotted IPv4 address)");
            }
            b[i] = (byte) v;
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    private void notify(Connection conn, String address) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, CHANNEL);
            ps.setString(2, instance + " " + address);
            ps.executeQuery().close();
        }
    }

    /** Whether a notification payload came from this store. */
    public boolean isOwn(String payload) {
        return payload.startsWith(instance + " ");
    }

    private static void setBytesOrNull(PreparedStatement ps, int index, ClientId id) throws SQLException {
        if (id == null) {
            ps.setNull(index, Types.BINARY);
        } else {
            ps.setBytes(index, id.bytes());
        }
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    private static <T> T inTransaction(Connection conn, Work<T> work) throws SQLException {
        conn.setAutoCommit(false);
        try {
            return work.run();
        } catch (SQLException | RuntimeException e) {
            try {
                conn.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            throw e;
        } finally {
            try {
                conn.setAutoCommit(true);
            } catch (SQLException ignored) {
                // A broken connection: the caller sees the first failure and drops the connection.
            }
        }
    }
}
