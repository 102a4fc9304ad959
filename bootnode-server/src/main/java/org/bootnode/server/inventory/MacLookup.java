package org.bootnode.server.inventory;

import java.net.InetAddress;
import java.util.Optional;
import org.bootnode.dhcp.MacAddress;

/**
 * Which MAC a client address belongs to, for the requests that carry no MAC: TFTP, the TFTP root
 * over HTTP and the image URLs that name no node. Every other URL a node fetches names its MAC.
 */
@FunctionalInterface
public interface MacLookup {
    /** The MAC of the client at {@code address}, if known. */
    Optional<MacAddress> macAt(InetAddress address);

    /** Knows no client. */
    static MacLookup none() {
        return address -> Optional.empty();
    }
}
