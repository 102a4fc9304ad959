package org.bootnode.server.config;

import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code server} section: where the head node sits on the private network.
 *
 * @param address the head node's address on the private network: the TFTP next-server and the
 *     host of every HTTP URL handed to a node
 * @param interfaceName the interface DHCP serves, or null for the one holding {@code address}
 * @param dataDir the folder of the lease journal and generated files
 */
public record ServerSection(Inet4Address address, String interfaceName, Path dataDir) {
    /** The default data folder. */
    public static final Path DEFAULT_DATA_DIR = Path.of("/var/lib/bootnode");

    /** Checks the required parts. */
    public ServerSection {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(dataDir, "dataDir");
    }
}
