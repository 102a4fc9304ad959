package org.bootnode.server.inventory;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.ImageSpec;
import org.bootnode.server.config.NodeSpec;

/**
 * The nodes and images the server boots: an immutable snapshot of one configuration. A reload
 * swaps the whole snapshot, so a request in flight sees either the old or the new one, never a
 * mix.
 */
public final class Inventory {
    /** The name of the image that fallback menus boot, when the configuration has one. */
    public static final String FAILSAFE_IMAGE = "failsafe";

    private final BootConfig config;
    private final Map<InetAddress, NodeSpec> byIp = new HashMap<>();

    /** The snapshot of a configuration. */
    public Inventory(BootConfig config) {
        this.config = config;
        for (NodeSpec node : config.nodes().values()) {
            if (node.ip() != null) {
                byIp.putIfAbsent(node.ip(), node);
            }
        }
    }

    /** The configuration the snapshot was taken from. */
    public BootConfig config() {
        return config;
    }

    /** The node with this MAC. */
    public Optional<NodeSpec> node(MacAddress mac) {
        return config.node(mac);
    }

    /** The node with this reserved address: who fetched a kernel, by the connection's source. */
    public Optional<NodeSpec> nodeAt(InetAddress address) {
        return Optional.ofNullable(byIp.get(address));
    }

    /** The image with this name. */
    public Optional<ImageSpec> image(String name) {
        return Optional.ofNullable(config.images().get(name));
    }

    /** The image a node boots. */
    public ImageSpec imageOf(NodeSpec node) {
        return config.images().get(node.image());
    }

    /** The image a node's fallback menu boots: the one named {@value #FAILSAFE_IMAGE}, else the node's own. */
    public ImageSpec failsafeFor(NodeSpec node) {
        ImageSpec failsafe = config.images().get(FAILSAFE_IMAGE);
        return failsafe != null ? failsafe : imageOf(node);
    }

    /** Every node, in file order. */
    public List<NodeSpec> nodes() {
        return List.copyOf(config.nodes().values());
    }
}
