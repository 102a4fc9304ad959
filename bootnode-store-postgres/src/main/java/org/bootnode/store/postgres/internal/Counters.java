package org.bootnode.store.postgres.internal;

import java.util.concurrent.atomic.AtomicLong;

/** The store's running counts. */
public final class Counters {
    public final AtomicLong committed = new AtomicLong();
    public final AtomicLong conflicts = new AtomicLong();
    public final AtomicLong failed = new AtomicLong();
    public final AtomicLong connectionsLost = new AtomicLong();
    public final AtomicLong reloads = new AtomicLong();
    public final AtomicLong notified = new AtomicLong();
    public final AtomicLong acceptedUnavailable = new AtomicLong();
}
