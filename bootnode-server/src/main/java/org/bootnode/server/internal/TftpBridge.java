package org.bootnode.server.internal;

import java.net.InetSocketAddress;
import java.util.function.Supplier;
import org.bootnode.server.ServerMetrics;
import org.bootnode.server.inventory.BootStage;
import org.bootnode.server.inventory.BootTimeline;
import org.bootnode.server.inventory.Inventory;
import org.bootnode.tftp.server.TftpListener;
import org.bootnode.tftp.server.TransferFailure;
import org.bootnode.tftp.server.TransferSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the TFTP server's events into boot steps (a finished read by a node's address) and
 * counters. TFTP knows clients by address only: the node is the one whose reservation it is.
 */
public final class TftpBridge implements TftpListener {
    private static final Logger log = LoggerFactory.getLogger("org.bootnode.server.tftp");

    private final Supplier<Inventory> inventory;
    private final BootTimeline timeline;
    private final ServerMetrics metrics;

    /** A bridge reporting to {@code timeline} and {@code metrics}. */
    public TftpBridge(Supplier<Inventory> inventory, BootTimeline timeline, ServerMetrics metrics) {
        this.inventory = inventory;
        this.timeline = timeline;
        this.metrics = metrics;
    }

    @Override
    public void transferFinished(TransferSummary t) {
        metrics.tftpTransfers.increment();
        metrics.tftpBytes.add(t.bytes());
        if (t.write()) {
            return;
        }
        inventory.get().nodeAt(t.client().getAddress()).ifPresentOrElse(
                node -> timeline.record(node.mac(), BootStage.TFTP_FILE, t.bytes(), t.filename()),
                () -> log.info("tftp {} {} {} bytes (no node has this address)", t.client().getAddress().getHostAddress(),
                        LogText.escape(t.filename()), t.bytes()));
    }

    @Override
    public void transferFailed(TransferSummary t, TransferFailure failure) {
        metrics.tftpErrors.increment();
        // UEFI's tsize probe ends with the client's ERROR 8: normal, not worth more than debug.
        if (failure.kind() == TransferFailure.Kind.CLIENT_ERROR) {
            log.debug("tftp {} {}: client ended the transfer: {}", host(t.client()), LogText.escape(t.filename()),
                    LogText.escape(failure.detail()));
        } else {
            log.warn("tftp {} {}: {} {}", host(t.client()), LogText.escape(t.filename()), failure.kind(),
                    LogText.escape(failure.detail()));
        }
    }

    private static String host(InetSocketAddress address) {
        return address.getAddress().getHostAddress();
    }
}
