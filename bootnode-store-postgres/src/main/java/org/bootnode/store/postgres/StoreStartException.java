package org.bootnode.store.postgres;

/**
 * The store could not start: the database is unreachable, refused the credentials, or holds a
 * schema newer than this code knows. The message names the URL (never the password) and the cause.
 */
public final class StoreStartException extends PostgresStoreException {
    public StoreStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
