package org.bootnode.server.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bootnode.server.config.NodeStore;

/**
 * The body of {@code POST /api/nodes} and {@code PUT /api/nodes/{name}}: a node as the
 * configuration's {@code nodes:} entry holds it. Only {@code name} and {@code mac} are required;
 * the configuration's rules check the rest when the change is read with the whole configuration.
 * An option's value is what the YAML would hold: a text, a list, or {@code {type, value}}.
 */
record NodeInput(String name, String mac, String ip, String group, String image, String cmdline,
        Map<String, Object> options, Map<String, String> bootFiles, List<String> overlays, Map<String, String> vars) {

    /** The definition a node store keeps (YAML's field names, absent fields left out). */
    NodeStore.StoredNode stored(String nodeName) {
        Map<String, Object> fields = new LinkedHashMap<>();
        put(fields, "mac", mac);
        put(fields, "ip", ip);
        put(fields, "group", group);
        put(fields, "image", image);
        put(fields, "cmdline", cmdline);
        if (options != null && !options.isEmpty()) {
            fields.put("options", new LinkedHashMap<>(options));
        }
        if (bootFiles != null && !bootFiles.isEmpty()) {
            fields.put("boot-files", new LinkedHashMap<>(bootFiles));
        }
        if (overlays != null) {
            fields.put("overlays", List.copyOf(overlays));
        }
        if (vars != null && !vars.isEmpty()) {
            fields.put("vars", new LinkedHashMap<>(vars));
        }
        return new NodeStore.StoredNode(nodeName, fields);
    }

    private static void put(Map<String, Object> fields, String key, String value) {
        if (value != null) {
            fields.put(key, value);
        }
    }

    /** The body of {@code POST /api/unknown/{mac}/adopt}. */
    record Adoption(String name, String ip, String group, String image) {}
}
