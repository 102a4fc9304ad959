package org.bootnode.store.postgres;

/**
 * A write that was not committed and will not be: the database is away (the store reconnects by
 * itself), the connection was lost before the commit was confirmed, the write queue is full, or
 * the store is closed. Nothing is retried behind the caller's back: a DHCP client asks again.
 */
public final class StoreUnavailableException extends PostgresStoreException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
