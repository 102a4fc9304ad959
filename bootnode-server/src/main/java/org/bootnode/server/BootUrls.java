package org.bootnode.server;

import java.net.Inet4Address;
import org.bootnode.dhcp.MacAddress;

/**
 * The HTTP URLs handed to nodes, all under {@code http://ADDRESS:PORT}: the head node's address
 * on the private network and the bound HTTP port.
 *
 * @param base {@code http://10.0.0.1:8080}, no trailing slash
 */
public record BootUrls(String base) {
    /** Checks the form. */
    public BootUrls {
        if (!base.startsWith("http://") || base.endsWith("/")) {
            throw new IllegalArgumentException("base: " + base + " (expected: http://host:port without a trailing slash)");
        }
    }

    /** The URLs of a server at this address and port. */
    public static BootUrls of(Inet4Address address, int port) {
        return new BootUrls("http://" + address.getHostAddress() + ":" + port);
    }

    /** {@code /boot/MAC.ipxe}. */
    public String nodeScript(MacAddress mac) {
        return base + "/boot/" + mac + ".ipxe";
    }

    /** {@code /boot/${net0/mac}.ipxe}: iPXE fills in the MAC. */
    public String nodeScriptTemplate() {
        return base + "/boot/${net0/mac}.ipxe";
    }

    /** {@code /boot.ipxe}. */
    public String genericScript() {
        return base + "/boot.ipxe";
    }

    /** {@code /images/NAME/kernel}. */
    public String kernel(String image) {
        return base + "/images/" + image + "/kernel";
    }

    /** {@code /images/NAME/initrd}. */
    public String initrd(String image) {
        return base + "/images/" + image + "/initrd";
    }

    /** {@code /api/nodes/MAC/booted}: the image's init reports success here. */
    public String booted(MacAddress mac) {
        return base + "/api/nodes/" + mac + "/booted";
    }

    /** {@code /tftp/FILE}: the TFTP root over HTTP. */
    public String tftpFile(String file) {
        return base + "/tftp/" + file;
    }
}
