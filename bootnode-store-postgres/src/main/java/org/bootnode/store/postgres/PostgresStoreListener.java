package org.bootnode.store.postgres;

import org.bootnode.dhcp.lease.Lease;

/**
 * What the PostgreSQL lease store reports, for metrics and logs beyond its own log lines. Every
 * method has a no-op default. Calls come from the store's own threads; keep them short.
 */
public interface PostgresStoreListener {
    /** No-op. */
    PostgresStoreListener NONE = new PostgresStoreListener() { };

    /** The writer connection is (again) open; writes are accepted. */
    default void connected() { }

    /** The writer connection was lost or could not be opened; writes fail until {@link #connected}. */
    default void disconnected(Throwable cause) { }

    /** A write was committed. */
    default void committed(Lease lease) { }

    /** A put was refused: another client holds the address. */
    default void conflict(AddressConflictException conflict) { }

    /** A write failed for another reason (database away, queue full, closed). */
    default void writeFailed(StoreUnavailableException failure) { }

    /** The memory view was reloaded from the database: {@code leases} live leases. */
    default void reloaded(int leases) { }

    /** Another server's commits reached the memory view: {@code addresses} addresses changed. */
    default void notified(int addresses) { }
}
