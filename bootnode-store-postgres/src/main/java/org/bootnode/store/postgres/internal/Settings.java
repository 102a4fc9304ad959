package org.bootnode.store.postgres.internal;

import java.time.Duration;

/** The store's limits, checked by the public builder. */
public record Settings(String serverName, int queueLimit, int maxLeases, Duration reloadInterval,
        Duration reconnectMin, Duration reconnectMax) {
}
