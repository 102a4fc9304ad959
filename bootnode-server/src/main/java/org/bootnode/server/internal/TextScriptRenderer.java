package org.bootnode.server.internal;

import org.bootnode.server.BootUrls;
import org.bootnode.server.ScriptRenderer;
import org.bootnode.server.config.ImageSpec;
import org.bootnode.server.config.MacAddress;
import org.bootnode.server.config.NodeSpec;

/**
 * The scripts as plain text, until bootnode-ipxe's typed model writes them. Every line is a
 * single iPXE command whose tokens come from checked configuration values (names, MACs,
 * addresses), so no token can split or inject.
 */
public final class TextScriptRenderer implements ScriptRenderer {
    static final String INITRD_NAME = "initrd.img";

    @Override
    public String nodeScript(NodeSpec node, ImageSpec image, BootUrls urls) {
        return "#!ipxe\n"
                + "echo bootnode: " + node.name() + " " + node.mac() + " boots image " + image.name() + "\n"
                + "kernel " + urls.kernel(image.name()) + " "
                + ScriptRenderer.kernelCommandLine(node, image, urls, INITRD_NAME) + " || goto failed\n"
                + "initrd --name " + INITRD_NAME + " " + urls.initrd(image.name()) + " || goto failed\n"
                + "boot || goto failed\n"
                + ":failed\n"
                + "echo bootnode: boot of " + node.name() + " failed, trying again in 10 s\n"
                + "sleep 10\n"
                + "chain --replace --autofree " + urls.nodeScript(node.mac()) + "\n";
    }

    @Override
    public String genericScript(BootUrls urls) {
        return "#!ipxe\n"
                + "chain --replace --autofree " + urls.nodeScriptTemplate() + "\n";
    }

    @Override
    public String unknownNodeScript(MacAddress mac, BootUrls urls) {
        return "#!ipxe\n"
                + "echo bootnode: " + mac + " is not a configured node; asking again in 30 s\n"
                + "sleep 30\n"
                + "chain --replace --autofree " + urls.nodeScript(mac) + "\n";
    }
}
