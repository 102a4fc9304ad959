package org.bootnode.store.postgres;

import java.time.Instant;
import java.util.Objects;
import org.bootnode.dhcp.MacAddress;

/**
 * One boot event as the servers sharing a database exchange it ({@link PostgresEventLog}).
 *
 * @param server the name of the server that recorded it
 * @param mac the node's MAC
 * @param stage what happened, as the embedder names it ({@code dhcp-ack}); at most 32 characters
 * @param time when
 * @param bytes bytes transferred, 0 when none
 * @param detail a short text; at most {@link #MAX_DETAIL} characters are stored, a longer one
 *     ends in {@code ...}
 */
public record SharedEvent(String server, MacAddress mac, String stage, Instant time, long bytes, String detail) {
    /** Characters of a detail stored at most. */
    public static final int MAX_DETAIL = 1024;

    /** Checks the parts. */
    public SharedEvent {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(time, "time");
        if (stage.isEmpty() || stage.length() > 32) {
            throw new IllegalArgumentException("stage: " + stage.length() + " characters (expected: 1..32)");
        }
        detail = detail == null ? "" : detail;
    }
}
