package org.bootnode.server.inventory;

import java.time.Instant;
import java.util.Objects;
import org.bootnode.dhcp.MacAddress;

/**
 * One step of one node's boot.
 *
 * @param mac the node's MAC
 * @param stage what happened
 * @param time when it ended
 * @param bytes bytes transferred (0 when nothing was)
 * @param detail a short free text: the file name, the address handed out, the client's address;
 *     escaped by {@link BootTimeline#record}, so that no control character taken from the network
 *     reaches a log line or a terminal
 */
public record BootEvent(MacAddress mac, BootStage stage, Instant time, long bytes, String detail) {
    /** Checks the parts. */
    public BootEvent {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(time, "time");
        detail = detail == null ? "" : detail;
    }
}
