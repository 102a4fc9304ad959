package org.bootnode.server.config;

import java.util.Map;
import java.util.Objects;
import org.bootnode.dhcp.DhcpOptions;
import org.bootnode.dhcp.pxe.BootFileClass;

/**
 * One entry of {@code groups}: what a kind of node (compute, GPU, login...) has in common. A
 * node that names the group takes these and may override each of them itself.
 *
 * @param name the group's name
 * @param image the image its nodes boot, or null (each node then names its own)
 * @param cmdline kernel arguments added after the image's, may be empty
 * @param options DHCP options over the subnet's, may be empty
 * @param bootFiles boot files per firmware class over the top-level {@code boot-files}, may be empty
 */
public record GroupSpec(String name, String image, String cmdline, DhcpOptions options, Map<BootFileClass, String> bootFiles) {
    /** Checks the parts and copies the map. */
    public GroupSpec {
        BootConfig.checkName("group", name);
        cmdline = cmdline == null ? "" : cmdline.strip();
        Objects.requireNonNull(options, "options");
        bootFiles = Map.copyOf(bootFiles);
    }
}
