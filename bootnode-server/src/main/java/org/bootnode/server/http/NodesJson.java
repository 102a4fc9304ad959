package org.bootnode.server.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.api.Json;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.inventory.BootEvent;
import org.bootnode.server.inventory.BootTimeline;
import org.bootnode.server.inventory.Inventory;

/**
 * {@code GET /api/nodes}: every configured node with its address, image, state (the stage of
 * its latest event) and its latest boot's events; then MACs heard from that no node names.
 *
 * <pre>{@code
 * {"nodes":[{"name":"node-000","mac":"fc:ab:14:e8:66:01","ip":"10.0.0.10","image":"compute",
 *   "state":"booted","events":[{"stage":"dhcp-offer","time":"2026-01-01T00:00:00Z","bytes":0,
 *   "detail":"10.0.0.10"}, ...]}], "unknown":[{"mac":"...","state":"dhcp-offer","events":[...]}]}
 * }</pre>
 */
public final class NodesJson {
    private NodesJson() {}

    /** The document. */
    public static String write(Inventory inventory, BootTimeline timeline) {
        Map<MacAddress, List<BootEvent>> all = timeline.snapshot();
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (NodeSpec node : inventory.nodes()) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("name", node.name());
            n.put("mac", node.mac().toString());
            n.put("ip", node.ip() == null ? null : node.ip().getHostAddress());
            n.put("image", node.image());
            events(n, timeline.latestBoot(node.mac()));
            nodes.add(n);
            all.remove(node.mac());
        }
        List<Map<String, Object>> unknown = new ArrayList<>();
        for (MacAddress mac : all.keySet()) {
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("mac", mac.toString());
            events(u, timeline.latestBoot(mac));
            unknown.add(u);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("nodes", nodes);
        doc.put("unknown", unknown);
        return Json.write(doc);
    }

    private static void events(Map<String, Object> into, List<BootEvent> events) {
        into.put("state", events.isEmpty() ? "unseen" : events.get(events.size() - 1).stage().label());
        List<Map<String, Object>> list = new ArrayList<>();
        for (BootEvent e : events) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("stage", e.stage().label());
            m.put("time", e.time().toString());
            m.put("bytes", e.bytes());
            m.put("detail", e.detail());
            list.add(m);
        }
        into.put("events", list);
    }
}
