package org.bootnode.server.bridge;

import java.net.InetSocketAddress;
import org.bootnode.server.metrics.ServerMetrics;
import org.bootnode.server.inventory.BootStage;
import org.bootnode.server.inventory.BootTimeline;
import org.bootnode.server.inventory.MacLookup;
import org.bootnode.server.log.LogText;
import org.bootnode.tftp.server.TftpListener;
import org.bootnode.tftp.server.TransferFailure;
import org.bootnode.tftp.server.TransferSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the TFTP server's events into boot steps and counters. TFTP knows clients by address
 * only: the step goes to the MAC that holds the address (its lease, else its reservation).
 */
public final class TftpBridge implements TftpListener {
    private static final Logger log = LoggerFactory.getLogger("org.bootnode.server.tftp");

    private final MacLookup macs;
    private final BootTimeline timeline;
    private final ServerMetrics metrics;

    /** A bridge reporting to {@code timeline} and {@code metrics}. */
    public TftpBridge(MacLookup macs, BootTimeline timeline, ServerMetrics metrics) {
        this.macs = macs;
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
        macs.macAt(t.client().getAddress()).ifPresentOrElse(
                mac -> timeline.record(mac, BootStage.TFTP_FILE, t.bytes(), t.filename()),
                () -> log.info("tftp {} {} {} bytes (no lease or node has this address)", t.client().getAddress().getHostAddress(),
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
