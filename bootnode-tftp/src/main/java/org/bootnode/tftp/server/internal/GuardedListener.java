package org.bootnode.tftp.server.internal;

import java.net.InetSocketAddress;
import org.bootnode.tftp.internal.LogText;
import org.bootnode.tftp.server.IgnoredPacket;
import org.bootnode.tftp.server.TftpListener;
import org.bootnode.tftp.server.TransferFailure;
import org.bootnode.tftp.server.TransferSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps an embedder's listener from breaking a transfer: what it throws is logged, not propagated. */
public final class GuardedListener implements TftpListener {
    private static final Logger LOG = LoggerFactory.getLogger("org.bootnode.tftp.server");
    private final TftpListener delegate;

    /** Guards {@code delegate}. */
    public GuardedListener(TftpListener delegate) {
        this.delegate = delegate;
    }

    private void guard(String event, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("tftp listener threw on {}: {}", LogText.escape(event), LogText.escape(e));
        }
    }

    @Override
    public void transferStarted(TransferSummary t) {
        guard("transferStarted", () -> delegate.transferStarted(t));
    }

    @Override
    public void transferFinished(TransferSummary t) {
        guard("transferFinished", () -> delegate.transferFinished(t));
    }

    @Override
    public void transferFailed(TransferSummary t, TransferFailure f) {
        guard("transferFailed", () -> delegate.transferFailed(t, f));
    }

    @Override
    public void optionsDeclined(TransferSummary t) {
        guard("optionsDeclined", () -> delegate.optionsDeclined(t));
    }

    @Override
    public void packetIgnored(InetSocketAddress from, IgnoredPacket reason) {
        guard("packetIgnored", () -> delegate.packetIgnored(from, reason));
    }
}
