package org.bootnode.store.postgres.internal;

import java.time.Duration;
import java.util.function.Predicate;
import org.bootnode.dhcp.lease.Lease;

/** The store's limits, checked by the public builder. */
public record Settings(String serverName, int queueLimit, int maxLeases, Duration reloadInterval,
        Duration reconnectMin, Duration reconnectMax, Predicate<Lease> acceptWhileUnavailable) {
}
