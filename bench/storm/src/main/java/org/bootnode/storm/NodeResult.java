package org.bootnode.storm;

import java.net.Inet4Address;
import java.util.Arrays;

/**
 * How one simulated boot went.
 *
 * @param node      the node
 * @param error     null when it booted, else why not (one line)
 * @param failedAt  the stage that failed, or null
 * @param startNanos its power-on, on the storm's clock
 * @param endNanos  when it booted or gave up
 * @param stageNanos time spent in each {@link Stage}, retries included (0 when not reached)
 * @param pxeAddress the address the firmware's DHCP gave, or null
 * @param address    the address iPXE's DHCP gave, or null
 * @param retries    per {@link Stage}: TFTP and HTTP attempts after the first, DHCP restarts after a NAK
 * @param lastAttemptNanos per {@link Stage}: the time of its last TFTP or HTTP attempt alone (0 for DHCP)
 * @param tftpBytes  the size of the boot file it got over TFTP
 */
record NodeResult(SimulatedNode node, String error, Stage failedAt, long startNanos, long endNanos, long[] stageNanos,
                  Inet4Address pxeAddress, Inet4Address address, int[] retries,
                  long[] lastAttemptNanos, long tftpBytes) {
    boolean booted() {
        return error == null;
    }

    int allRetries() {
        return Arrays.stream(retries).sum();
    }

    long totalNanos() {
        return endNanos - startNanos;
    }
}
