package org.bootnode.tftp.server;

import java.net.InetSocketAddress;

/**
 * What the server reports, for a boot timeline and metrics. Every method has a no-op default;
 * calls come from event-loop threads and must not block.
 */
public interface TftpListener {
    /** Hears nothing. */
    TftpListener NONE = new TftpListener() {};

    /** A transfer was accepted and its first packet is about to go out. */
    default void transferStarted(TransferSummary transfer) {}

    /** The last block was acknowledged (read) or received (write). */
    default void transferFinished(TransferSummary transfer) {}

    /** The transfer ended without the whole file. */
    default void transferFailed(TransferSummary transfer, TransferFailure failure) {}

    /**
     * The client read the OACK and declined with ERROR 8: normal for UEFI, which probes
     * {@code tsize} this way before the real request. Not a failure.
     */
    default void optionsDeclined(TransferSummary transfer) {}

    /** A datagram was dropped. */
    default void packetIgnored(InetSocketAddress from, IgnoredPacket reason) {}
}
