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
 * @param id its place among every event of the timeline that recorded it: one more than the
 *     event recorded before it (from 1; 0 for an event made elsewhere)
 */
public record BootEvent(MacAddress mac, BootStage stage, Instant time, long bytes, String detail, long id) {
    /** Checks the parts. */
    public BootEvent {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(time, "time");
        detail = detail == null ? "" : detail;
    }

    /** An event with no id (0). */
    public BootEvent(MacAddress mac, BootStage stage, Instant time, long bytes, String detail) {
        this(mac, stage, time, bytes, detail, 0);
    }
}
