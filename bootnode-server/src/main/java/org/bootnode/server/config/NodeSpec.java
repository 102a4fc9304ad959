package org.bootnode.server.config;

import java.net.Inet4Address;
import java.util.Objects;
import org.bootnode.dhcp.MacAddress;

/**
 * One entry of {@code nodes}: a machine known by its MAC.
 *
 * @param name the node's name (host name)
 * @param mac its Ethernet address
 * @param ip its reserved address, or null when DHCP does not hand it one
 * @param image the name of the image it boots
 */
public record NodeSpec(String name, MacAddress mac, Inet4Address ip, String image) {
    /** Checks the parts. */
    public NodeSpec {
        BootConfig.checkName("node", name);
        Objects.requireNonNull(mac, "mac");
        if (mac.length() != MacAddress.ETHERNET_LENGTH) {
            throw new IllegalArgumentException("mac: " + mac + " (expected: six hex pairs like fc:ab:14:e8:66:01)");
        }
        Objects.requireNonNull(image, "image");
    }
}
