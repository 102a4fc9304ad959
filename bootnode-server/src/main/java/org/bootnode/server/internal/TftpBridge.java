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
                        escape(t.filename()), t.bytes()));
    }

    @Override
    public void transferFailed(TransferSummary t, TransferFailure failure) {
        metrics.tftpErrors.increment();
        // UEFI's tsize probe ends with the client's ERROR 8: normal, not worth more than debug.
        if (failure.kind() == TransferFailure.Kind.CLIENT_ERROR) {
            log.debug("tftp {} {}: client ended the transfer: {}", host(t.client()), escape(t.filename()), escape(failure.detail()));
        } else {
            log.warn("tftp {} {}: {} {}", host(t.client()), escape(t.filename()), failure.kind(), escape(failure.detail()));
        }
    }

    /**
     * A file name or a client's ERROR message made safe for one log line: a newline, an ANSI
     * escape or any other control or format character is written as an escape, a backslash as
     * two (the TFTP library escapes its own lines the same way).
     */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int type = Character.getType(c);
            if (c == '\\') {
                b.append("\\\\");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c < 0x20 || type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE) {
                b.append(String.format(c < 0x100 ? "\\x%02x" : "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String host(InetSocketAddress address) {
        return address.getAddress().getHostAddress();
    }
}
