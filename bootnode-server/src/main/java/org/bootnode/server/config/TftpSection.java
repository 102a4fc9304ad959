package org.bootnode.server.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code tftp} section: the TFTP server and the folder it serves (also served over HTTP
 * under {@code /tftp/}).
 *
 * @param port the server port, 69 by default
 * @param root the folder holding undionly.kpxe, ipxe.efi, snponly.efi
 */
public record TftpSection(int port, Path root) {
    /** The default port. */
    public static final int DEFAULT_PORT = 69;

    /** Checks the parts. */
    public TftpSection {
        BootConfig.checkPort("tftp.port", port);
        Objects.requireNonNull(root, "root");
    }
}
