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
        checkUnicast(mac);
        Objects.requireNonNull(image, "image");
    }

    /**
     * Refuses a MAC no network card has: a group address (the I/G bit, the lowest bit of the
     * first byte, IEEE 802 §8.2) or all zeros.
     */
    static void checkUnicast(MacAddress mac) {
        byte[] b = mac.bytes();
        if ((b[0] & 1) != 0) {
            throw new IllegalArgumentException("mac: " + mac + " is a multicast address (expected: a card's own, unicast address)");
        }
        boolean zero = true;
        for (byte x : b) {
            zero &= x == 0;
        }
        if (zero) {
            throw new IllegalArgumentException("mac: " + mac + " is all zeros (expected: a card's own address)");
        }
    }
}
