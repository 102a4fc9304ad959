package org.bootnode.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.bootnode.tftp.server.TftpServerConfig;

/**
 * The {@code tftp} section: the TFTP server, the folder it serves (also served over HTTP under
 * {@code /tftp/}), and the bounds that keep slow, silent or hostile clients from holding the
 * transfer table. The bounds are bootnode-tftp's, with its ranges and, but for
 * {@link #DEFAULT_MAX_TRANSFERS}, its defaults.
 *
 * @param port the server port, 69 by default
 * @param root the folder holding undionly.kpxe, ipxe.efi, snponly.efi
 * @param maxTransfers transfers at once
 * @param maxTransfersPerAddress transfers at once from one client address
 * @param maxStall a transfer that hears nothing new this long fails and frees its place
 * @param maxTransferTime a transfer still running after this long fails
 * @param maxBackoff the longest wait between resends beyond the client's own timeout
 */
public record TftpSection(int port, Path root, int maxTransfers, int maxTransfersPerAddress, Duration maxStall,
        Duration maxTransferTime, Duration maxBackoff) {
    /** The default port. */
    public static final int DEFAULT_PORT = 69;
    /**
     * Transfers at once unless the section says: 16,384, above bootnode-tftp's 1,024. In a
     * 5,000-node storm on a busy 2-core head node (bench/storm/LOG.md) the boot loaders'
     * transfers took 35 s at the median and 1,024 places refused 3,850 nodes three times each;
     * a transfer holds one socket and a few KiB, so the bound is there against a flood, not
     * against a cluster, and a 10,000-node storm stays under it. The open-file limit must
     * allow it (systemd's default hard limit does; the JVM raises its soft limit to it).
     */
    public static final int DEFAULT_MAX_TRANSFERS = 16_384;
    private static final TftpServerConfig DEFAULTS = TftpServerConfig.defaults();

    /** Checks the parts: each bound against bootnode-tftp's own range. */
    public TftpSection {
        BootConfig.checkPort("tftp.port", port);
        Objects.requireNonNull(root, "root");
        serverConfig(maxTransfers, maxTransfersPerAddress, maxStall, maxTransferTime, maxBackoff);
    }

    /** A section with the default bounds ({@link #DEFAULT_MAX_TRANSFERS}, the others bootnode-tftp's). */
    public TftpSection(int port, Path root) {
        this(port, root, DEFAULT_MAX_TRANSFERS, DEFAULTS.maxTransfersPerClient(), DEFAULTS.maxStall(),
                DEFAULTS.maxTransferTime(), DEFAULTS.maxBackoff());
    }

    /** The TFTP library's settings: its defaults with this section's bounds. */
    public TftpServerConfig serverConfig() {
        return serverConfig(maxTransfers, maxTransfersPerAddress, maxStall, maxTransferTime, maxBackoff);
    }

    private static TftpServerConfig serverConfig(int maxTransfers, int maxTransfersPerAddress, Duration maxStall,
            Duration maxTransferTime, Duration maxBackoff) {
        return TftpServerConfig.builder()
                .maxTransfers(maxTransfers)
                .maxTransfersPerClient(maxTransfersPerAddress)
                .maxStall(Objects.requireNonNull(maxStall, "maxStall"))
                .maxTransferTime(Objects.requireNonNull(maxTransferTime, "maxTransferTime"))
                .maxBackoff(Objects.requireNonNull(maxBackoff, "maxBackoff"))
                .build();
    }
}
