package org.bootnode.server.scripts;

import org.bootnode.dhcp.MacAddress;
import org.bootnode.ipxe.BootScripts;
import org.bootnode.ipxe.BootTarget;
import org.bootnode.ipxe.Echo;
import org.bootnode.ipxe.ImageFetch;
import org.bootnode.ipxe.IpxeScript;
import org.bootnode.ipxe.Sleep;
import org.bootnode.ipxe.Value;
import org.bootnode.server.BootUrls;
import org.bootnode.server.HttpRoute;
import org.bootnode.server.ScriptRenderer;
import org.bootnode.server.config.ImageSpec;
import org.bootnode.server.config.NodeSpec;

/**
 * The scripts from bootnode-ipxe's typed model, so that what iPXE reads is what was meant.
 * A node boots its image with retries; when every attempt fails, a menu offers the failsafe
 * image, a shell and a reboot.
 */
public final class IpxeScriptRenderer implements ScriptRenderer {
    /** The overlay's image name in iPXE, and its {@code initrd=} argument. */
    public static final String OVERLAY_NAME = "overlay.img";

    @Override
    public String nodeScript(NodeSpec node, ImageSpec image, ImageSpec failsafe, BootUrls urls) {
        return nodeScript(node, image, failsafe, urls, false);
    }

    /**
     * With {@code overlay}, the node's image fetches its overlay as a second initrd; the failsafe
     * of the menu does not, so that a broken overlay still leaves a way in.
     */
    @Override
    public String nodeScript(NodeSpec node, ImageSpec image, ImageSpec failsafe, BootUrls urls, boolean overlay) {
        BootTarget own = BootTarget.of(
                urls.url(new HttpRoute.NodeFile(node.mac(), HttpRoute.Part.KERNEL)),
                urls.url(new HttpRoute.NodeFile(node.mac(), HttpRoute.Part.INITRD)),
                ScriptRenderer.kernelArguments(node, image, urls));
        if (overlay) {
            own = own.withInitrd(urls.url(new HttpRoute.NodeOverlay(node.mac())), OVERLAY_NAME);
        }
        BootTarget fallback = BootTarget.of(
                urls.url(new HttpRoute.NodeImageFile(node.mac(), failsafe.name(), HttpRoute.Part.KERNEL)),
                urls.url(new HttpRoute.NodeImageFile(node.mac(), failsafe.name(), HttpRoute.Part.INITRD)),
                ScriptRenderer.kernelArguments(node, failsafe, urls));
        return BootScripts.kernelAndInitrd(own, fallback).render();
    }

    @Override
    public String genericScript(BootUrls urls) {
        return BootScripts.chainByMac(urls.nodeScriptPrefix(), urls.nodeScriptSuffix()).render();
    }

    @Override
    public String unknownNodeScript(MacAddress mac, BootUrls urls) {
        return IpxeScript.builder()
                .comment("bootnode: " + mac + " is not a configured node")
                .command(Echo.of("bootnode: " + mac + " is not a configured node; asking again in 30 s"))
                .command(new Sleep(30))
                .command(ImageFetch.chain(Value.text(urls.nodeScript(mac))))
                .build()
                .render();
    }
}
