package org.bootnode.server;

import org.bootnode.server.config.ImageSpec;
import org.bootnode.server.config.MacAddress;
import org.bootnode.server.config.NodeSpec;

/**
 * Writes the iPXE scripts the HTTP server hands out. The one place where script text is made,
 * so the renderer can be replaced by an embedder.
 */
public interface ScriptRenderer {
    /** The script of a known node: its image's kernel and initrd, then boot. */
    String nodeScript(NodeSpec node, ImageSpec image, BootUrls urls);

    /** {@code /boot.ipxe}: chains to the node's own script by its MAC. */
    String genericScript(BootUrls urls);

    /** A MAC no node names, when the DHCP pool serves unknown clients: wait and ask again. */
    String unknownNodeScript(MacAddress mac, BootUrls urls);

    /**
     * The kernel command line given to a node: the image's {@code cmdline}, the initrd's name
     * (the EFI build of iPXE needs {@code initrd=NAME} or Linux starts without it), and the URL
     * where the image's init reports that the node booted.
     */
    static String kernelCommandLine(NodeSpec node, ImageSpec image, BootUrls urls, String initrdName) {
        StringBuilder line = new StringBuilder();
        if (!image.cmdline().isEmpty()) {
            line.append(image.cmdline()).append(' ');
        }
        line.append("initrd=").append(initrdName);
        line.append(" bootnode.booted=").append(urls.booted(node.mac()));
        return line.toString();
    }
}
