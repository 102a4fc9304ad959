package org.bootnode.store.postgres;

/**
 * Why the PostgreSQL lease store could not do what was asked: the base of this module's three
 * failures, each a fact the caller acts on differently.
 *
 * <ul>
 *   <li>{@link StoreStartException}: the store could not start (database unreachable, credentials
 *       refused, schema newer than this code). Thrown by {@link PostgresLeaseStore.Builder#build}.
 *   <li>{@link AddressConflictException}: a put the database refused because another client holds
 *       the address. The write's stage completes with it; the DHCP server sends no ACK.
 *   <li>{@link StoreUnavailableException}: the database is away, the write queue is full, or the
 *       store is closed. The write's stage completes with it at once.
 * </ul>
 */
public abstract sealed class PostgresStoreException extends RuntimeException
        permits StoreStartException, AddressConflictException, StoreUnavailableException {
    PostgresStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
