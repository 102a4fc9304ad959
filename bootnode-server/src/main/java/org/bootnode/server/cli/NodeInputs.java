package org.bootnode.server.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The NodeInput that writes a node back as it is, from its document ({@code GET /api/nodes/NAME}),
 * for {@code bootnode node set}: the API's PUT replaces a node whole, so what the command does
 * not change must be sent as it was. Only the node's own values go in (its settings whose
 * {@code from} is {@code node}); what it takes from its group, image or subnet stays theirs.
 */
final class NodeInputs {
    private NodeInputs() {}

    static Map<String, Object> of(Map<?, ?> node) throws ApiClient.Failure {
        if (node.get("input") instanceof Map<?, ?> input) {
            // The API's own record of the node's definition, when it gives one.
            Map<String, Object> out = new LinkedHashMap<>();
            input.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", node.get("name"));
        out.put("mac", node.get("mac"));
        out.put("ip", node.get("ip"));
        out.put("group", node.get("group"));
        Map<String, Object> bootFiles = new LinkedHashMap<>();
        List<?> settings = node.get("settings") instanceof List<?> l ? l : List.of();
        boolean imageOwn = settings.isEmpty();
        for (Object o : settings) {
            if (!(o instanceof Map<?, ?> s) || !"node".equals(s.get("from")) || !(s.get("key") instanceof String key)) {
                continue;
            }
            Object value = s.get("value");
            if (key.equals("image")) {
                imageOwn = true;
            } else if (key.equals("cmdline")) {
                out.put("cmdline", value);
            } else if (key.startsWith("boot-file ")) {
                bootFiles.put(key.substring("boot-file ".length()), value);
            } else if (key.startsWith("option ") || key.startsWith("overlay")) {
                // Shown as text for people (an option's decoded value, hex for others): no safe way back.
                throw new ApiClient.Failure("node " + node.get("name") + " sets its own " + key
                        + ": node set cannot carry that over; change the node in its node file, then SIGHUP");
            }
        }
        if (imageOwn) {
            out.put("image", node.get("image"));
        }
        if (!bootFiles.isEmpty()) {
            out.put("boot-files", bootFiles);
        }
        return out;
    }
}
