package org.bootnode.server;

import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.config.ImageSpec;
import org.bootnode.server.config.NodeSpec;

/**
 * Writes the iPXE scripts the HTTP server hands out. The one place where script text is made,
 * so the renderer can be replaced by an embedder. Called on the HTTP event loop: a renderer
 * makes text from the values it is given and never waits (no disk, no network, no lock held
 * for long).
 */
public interface ScriptRenderer {
    /**
     * The script of a known node: its image's kernel and initrd, then boot; when that keeps
     * failing, the {@code failsafe} image (which may be the same image).
     */
    String nodeScript(NodeSpec node, ImageSpec image, ImageSpec failsafe, BootUrls urls);

    /**
     * The script of a known node that may have an overlay: with {@code overlay}, the node's own
     * image also fetches {@code /nodes/{mac}/overlay} as a second initrd. A renderer that knows
     * nothing of overlays leaves this default, which ignores it.
     */
    default String nodeScript(NodeSpec node, ImageSpec image, ImageSpec failsafe, BootUrls urls, boolean overlay) {
        return nodeScript(node, image, failsafe, urls);
    }

    /** {@code /boot.ipxe}: chains to the node's own script by its MAC. */
    String genericScript(BootUrls urls);

    /** A MAC no node names, when the DHCP pool serves unknown clients: wait and ask again. */
    String unknownNodeScript(MacAddress mac, BootUrls urls);

    /**
     * The kernel arguments given to a node besides {@code initrd=NAME} (which the script adds,
     * because the EFI build of iPXE needs it): the image's {@code cmdline}, the group's and the
     * node's own ({@link NodeSpec#kernelArguments()}), then {@code bootnode.booted=URL}, where the
     * image's init reports that the node came up. The kernel reads its parameters in order and a
     * later one of a name usually wins, so the node's own come after its group's.
     */
    static String kernelArguments(NodeSpec node, ImageSpec image, BootUrls urls) {
        StringBuilder line = new StringBuilder(image.cmdline());
        for (String part : new String[] {node.kernelArguments(), "bootnode.booted=" + urls.booted(node.mac())}) {
            if (!part.isEmpty()) {
                line.append(line.length() == 0 ? "" : " ").append(part);
            }
        }
        return line.toString();
    }
}
