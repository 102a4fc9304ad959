package org.bootnode.server.overlay;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.config.SubnetSpec;

/**
 * What a node's templates see: plain maps, lists and strings only (never an object whose methods
 * the template engine could call).
 *
 * <pre>
 * name mac ip subnet prefix netmask router dns-servers (list) domain group image server
 * vars.NAME            the free variables: overlays.vars, the group's, the node's
 * nodes                every node: name mac ip group image (in the configuration's order; ip and
 *                      group are empty, so false in a section, when the node has none)
 * </pre>
 *
 * A key with no value (a node without {@code ip}, a subnet without {@code router}) is absent:
 * {@code {{router}}} is then an error and {@code {{#router}}...{{/router}}} renders nothing.
 */
final class NodeVariables {
    private NodeVariables() {}

    /** Every node of the configuration, as templates see them: computed once per configuration. */
    static List<Map<String, Object>> inventory(BootConfig config) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (NodeSpec n : config.nodes().values()) {
            Map<String, Object> m = describe(n);
            // Present though empty (false in a section): Mustache looks a missing key up in the outer
            // context, so {{#ip}} of a node without one would take the rendered node's own address.
            m.putIfAbsent("ip", "");
            m.putIfAbsent("group", "");
            nodes.add(Map.copyOf(m));
        }
        return List.copyOf(nodes);
    }

    static Map<String, Object> of(BootConfig config, NodeSpec node, List<Map<String, Object>> inventory) {
        Map<String, Object> v = describe(node);
        Optional<SubnetSpec> subnet = node.ip() == null ? Optional.empty()
                : config.dhcp().flatMap(d -> d.allSubnets().stream().filter(s -> s.subnet().contains(node.ip())).findFirst());
        subnet.ifPresent(s -> {
            v.put("subnet", s.subnet().toString());
            v.put("prefix", Integer.toString(s.subnet().prefix()));
            v.put("netmask", s.subnet().mask().getHostAddress());
            if (s.router() != null) {
                v.put("router", s.router().getHostAddress());
            }
            if (!s.dnsServers().isEmpty()) {
                v.put("dns-servers", s.dnsServers().stream().map(Inet4Address::getHostAddress).toList());
            }
            if (s.domain() != null) {
                v.put("domain", s.domain());
            }
        });
        v.put("server", config.server().address().getHostAddress());
        v.put("vars", config.overlays().map(o -> (Map<String, Object>) new LinkedHashMap<String, Object>(o.vars(node)))
                .orElse(Map.of()));
        v.put("nodes", inventory);
        return v;
    }

    private static Map<String, Object> describe(NodeSpec n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", n.name());
        m.put("mac", n.mac().toString());
        if (n.ip() != null) {
            m.put("ip", n.ip().getHostAddress());
        }
        if (n.group() != null) {
            m.put("group", n.group().name());
        }
        m.put("image", n.image());
        return m;
    }
}
