package org.bootnode.server.config;

import java.net.Inet4Address;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.bootnode.dhcp.DhcpOptions;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.pxe.BootFileClass;

/**
 * One entry of {@code nodes}: a machine known by its MAC. Later wins: the built-in defaults,
 * then its group, then the node's own {@code cmdline}, {@code options} and {@code boot-files};
 * {@link #kernelArguments()}, {@link #dhcpOptions()} and {@link #allBootFiles()} give the merged
 * values.
 *
 * @param name the node's name (host name)
 * @param mac its Ethernet address
 * @param ip its reserved address, or null when DHCP does not hand it one
 * @param image the name of the image it boots: its own, else its group's
 * @param group its group, or null
 * @param cmdline its own kernel arguments, added after the image's and the group's; may be empty
 * @param options its own DHCP options, over the group's; may be empty
 * @param bootFiles its own boot files per firmware class, over the group's; may be empty
 */
public record NodeSpec(String name, MacAddress mac, Inet4Address ip, String image, GroupSpec group, String cmdline,
        DhcpOptions options, Map<BootFileClass, String> bootFiles) {
    /** Checks the parts. */
    public NodeSpec {
        BootConfig.checkName("node", name);
        Objects.requireNonNull(mac, "mac");
        if (mac.length() != MacAddress.ETHERNET_LENGTH) {
            throw new IllegalArgumentException("mac: " + mac + " (expected: six hex pairs like fc:ab:14:e8:66:01)");
        }
        checkUnicast(mac);
        Objects.requireNonNull(image, "image");
        cmdline = cmdline == null ? "" : cmdline.strip();
        Objects.requireNonNull(options, "options");
        bootFiles = Map.copyOf(bootFiles);
    }

    /** A node in no group, with nothing of its own but its image. */
    public NodeSpec(String name, MacAddress mac, Inet4Address ip, String image) {
        this(name, mac, ip, image, null, "", DhcpOptions.empty(), Map.of());
    }

    /** The kernel arguments added to the image's: the group's, then the node's own; may be empty. */
    public String kernelArguments() {
        String fromGroup = group == null ? "" : group.cmdline();
        return fromGroup.isEmpty() ? cmdline : cmdline.isEmpty() ? fromGroup : fromGroup + " " + cmdline;
    }

    /** The DHCP options the node gets over its subnet's: the group's, then its own. */
    public DhcpOptions dhcpOptions() {
        if (group == null || group.options().size() == 0) {
            return options;
        }
        return group.options().toBuilder().putAll(options).build();
    }

    /** The boot files of its own: the group's, then the node's (a class in neither takes the server's). */
    public Map<BootFileClass, String> allBootFiles() {
        if (group == null || group.bootFiles().isEmpty()) {
            return bootFiles;
        }
        Map<BootFileClass, String> all = new EnumMap<>(BootFileClass.class);
        all.putAll(group.bootFiles());
        all.putAll(bootFiles);
        return all;
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
