package org.bootnode.store.postgres;

import org.bootnode.dhcp.lease.Lease;

/**
 * A put the database refused: another client holds a live lease on the address (typically given
 * by the other head node a moment earlier). Nothing was written; the store's memory view now
 * holds {@link #holder()}, the row that won.
 */
public final class AddressConflictException extends PostgresStoreException {
    private final transient Lease refused;
    private final transient Lease holder;

    public AddressConflictException(Lease refused, Lease holder) {
        super("address " + refused.address().getHostAddress() + " refused to " + refused.mac()
                + ": held by " + holder.mac() + " until " + holder.expires(), null);
        this.refused = refused;
        this.holder = holder;
    }

    /** The lease that was not written. */
    public Lease refused() {
        return refused;
    }

    /** The lease the database holds on that address. */
    public Lease holder() {
        return holder;
    }
}
