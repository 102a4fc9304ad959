package org.bootnode.server.config;

import java.net.Inet4Address;
import java.util.Objects;

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
        Objects.requireNonNull(image, "image");
    }
}
