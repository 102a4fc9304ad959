package org.bootnode.server.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The {@code overlays} section and the {@code overlays:} and {@code vars:} of groups and nodes
 * (docs/overlays.md): which folders of files each node gets over its image, in which order,
 * and the free variables its templates see.
 *
 * <pre>{@code
 * overlays: { root: overlays, all-nodes: [base], vars: { cluster: demo } }
 * groups:
 *   compute: { image: compute, overlays: [slurm, ssh-host-keys], vars: { partition: batch } }
 * nodes:
 *   node-000: { mac: "fc:ab:14:e8:66:01", ip: 10.0.0.10, group: compute, overlays: [debug] }
 * }</pre>
 *
 * <p>A node's overlays apply in that order, a later file over an earlier one of the same path:
 * {@code all-nodes}, then its group's, then its own. A name listed twice applies once, at its
 * first place. Variables merge the same way (later wins).
 *
 * @param root the folder holding one folder per overlay
 * @param allNodes the overlays every node gets first, may be empty
 * @param vars the variables every node's templates see, may be empty
 * @param groups what each group adds, by group name; a group absent adds nothing
 * @param nodes what each node adds, by node name; a node absent adds nothing
 */
public record OverlaySection(Path root, List<String> allNodes, Map<String, String> vars, Map<String, Assignment> groups,
        Map<String, Assignment> nodes) {

    /** The name of the built-in overlay of generated SSH host keys. */
    public static final String SSH_HOST_KEYS = "ssh-host-keys";

    /**
     * What a group or node adds.
     *
     * @param overlays overlay names, in order
     * @param vars variables over the earlier layers'
     */
    public record Assignment(List<String> overlays, Map<String, String> vars) {
        /** Copies the parts. */
        public Assignment {
            overlays = List.copyOf(overlays);
            vars = Map.copyOf(vars);
        }
    }

    /**
     * One overlay of a node and where it was named.
     *
     * @param name the overlay's name
     * @param source {@code overlays.all-nodes}, {@code group NAME} or {@code node}
     */
    public record Layer(String name, String source) {}

    /** Checks the parts and copies the collections. */
    public OverlaySection {
        Objects.requireNonNull(root, "root");
        allNodes = List.copyOf(allNodes);
        vars = Map.copyOf(vars);
        groups = Map.copyOf(groups);
        nodes = Map.copyOf(nodes);
    }

    /** The overlays of {@code node}, in the order they apply, each once. */
    public List<Layer> layers(NodeSpec node) {
        Map<String, Layer> out = new LinkedHashMap<>();
        allNodes.forEach(n -> out.putIfAbsent(n, new Layer(n, "overlays.all-nodes")));
        if (node.group() != null && groups.containsKey(node.group().name())) {
            String from = "group " + node.group().name();
            groups.get(node.group().name()).overlays().forEach(n -> out.putIfAbsent(n, new Layer(n, from)));
        }
        if (nodes.containsKey(node.name())) {
            nodes.get(node.name()).overlays().forEach(n -> out.putIfAbsent(n, new Layer(n, "node")));
        }
        return new ArrayList<>(out.values());
    }

    /** The free variables of {@code node}'s templates: the section's, its group's, its own (later wins), sorted by name. */
    public Map<String, String> vars(NodeSpec node) {
        Map<String, String> out = new TreeMap<>(vars);
        if (node.group() != null && groups.containsKey(node.group().name())) {
            out.putAll(groups.get(node.group().name()).vars());
        }
        if (nodes.containsKey(node.name())) {
            out.putAll(nodes.get(node.name()).vars());
        }
        return out;
    }
}
