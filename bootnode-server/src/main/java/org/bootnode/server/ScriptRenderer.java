package org.bootnode.server;

import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.config.ImageSpec;
import org.bootnode.server.config.NodeSpec;

/**
 * Writes the iPXE scripts the HTTP server hands out. The one place where script text is made,
 * so the renderer can be replaced by an embedder.
 */
public interface ScriptRenderer {
    /**
     * The script of a known node: its image's kernel and initrd, then boot; when that keeps
     * failing, the {@code failsafe} image (which may be the same image).
     */
    String nodeScript(NodeSpec node, ImageSpec image, ImageSpec failsafe, BootUrls urls);

    /** {@code /boot.ipxe}: chains to the node's own script by its MAC. */
    String genericScript(BootUrls urls);

    /** A MAC no node names, when the DHCP pool serves unknown clients: wait and ask again. */
    String unknownNodeScript(MacAddress mac, BootUrls urls);

    /**
     * The kernel arguments given to a node besides {@code initrd=NAME} (which the script adds,
     * because the EFI build of iPXE needs it): the image's {@code cmdline}, then
     * {@code bootnode.booted=URL}, where the image's init reports that the node came up.
     */
    static String kernelArguments(NodeSpec node, ImageSpec image, BootUrls urls) {
        String booted = "bootnode.booted=" + urls.booted(node.mac());
        return image.cmdline().isEmpty() ? booted : image.cmdline() + " " + booted;
    }
}
