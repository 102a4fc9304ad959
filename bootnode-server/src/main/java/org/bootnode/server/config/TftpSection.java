package org.bootnode.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.bootnode.tftp.server.TftpServerConfig;

/**
 * The {@code tftp} section: the TFTP server, the folder it serves (also served over HTTP under
 * {@code /tftp/}), and the bounds that keep slow, silent or hostile clients from holding the
 * transfer table. The bounds are bootnode-tftp's, with its defaults and ranges.
 *
 * @param port the server port, 69 by default
 * @param root the folder holding undionly.kpxe, ipxe.efi, snponly.efi
 * @param maxTransfers transfers at once
 * @param maxTransfersPerAddress transfers at once from one client address
 * @param maxStall a transfer that hears nothing new this long fails and frees its place
 * @param maxTransferTime a transfer still running after this long fails
 * @param maxBackoff the longest wait between resends beyond the client's own timeout
 * @param packetCache bytes of DATA packets shared by the transfers of one file
 */
public record TftpSection(int port, Path root, int maxTransfers, int maxTransfersPerAddress, Duration maxStall,
        Duration maxTransferTime, Duration maxBackoff, long packetCache) {
    /** The default port. */
    public static final int DEFAULT_PORT = 69;
    private static final TftpServerConfig DEFAULTS = TftpServerConfig.defaults();

    /** Checks the parts: each bound against bootnode-tftp's own range. */
    public TftpSection {
        BootConfig.checkPort("tftp.port", port);
        Objects.requireNonNull(root, "root");
        serverConfig(maxTransfers, maxTransfersPerAddress, maxStall, maxTransferTime, maxBackoff, packetCache);
    }

    /** A section with bootnode-tftp's default bounds. */
    public TftpSection(int port, Path root) {
        this(port, root, DEFAULTS.maxTransfers(), DEFAULTS.maxTransfersPerClient(), DEFAULTS.maxStall(),
                DEFAULTS.maxTransferTime(), DEFAULTS.maxBackoff(), DEFAULTS.packetCacheSize());
    }

    /** The TFTP library's settings: its defaults with this section's bounds. */
    public TftpServerConfig serverConfig() {
        return serverConfig(maxTransfers, maxTransfersPerAddress, maxStall, maxTransferTime, maxBackoff, packetCache);
    }

    private static TftpServerConfig serverConfig(int maxTransfers, int maxTransfersPerAddress, Duration maxStall,
            Duration maxTransferTime, Duration maxBackoff, long packetCache) {
        return TftpServerConfig.builder()
                .packetCacheSize(packetCache)
                .maxTransfers(maxTransfers)
                .maxTransfersPerClient(maxTransfersPerAddress)
                .maxStall(Objects.requireNonNull(maxStall, "maxStall"))
                .maxTransferTime(Objects.requireNonNull(maxTransferTime, "maxTransferTime"))
                .maxBackoff(Objects.requireNonNull(maxBackoff, "maxBackoff"))
                .build();
    }
}
