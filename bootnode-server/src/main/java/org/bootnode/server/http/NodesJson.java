package org.bootnode.server.http;

import java.util.List;
import java.util.Map;
import org.bootnode.dhcp.MacAddress;
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
        JsonWriter json = new JsonWriter().beginObject().name("nodes").beginArray();
        Map<MacAddress, List<BootEvent>> all = timeline.snapshot();
        for (NodeSpec node : inventory.nodes()) {
            json.beginObject()
                    .name("name").value(node.name())
                    .name("mac").value(node.mac().toString())
                    .name("ip").value(node.ip() == null ? null : node.ip().getHostAddress())
                    .name("image").value(node.image());
            events(json, timeline.latestBoot(node.mac()));
            json.endObject();
            all.remove(node.mac());
        }
        json.endArray().name("unknown").beginArray();
        for (MacAddress mac : all.keySet()) {
            json.beginObject().name("mac").value(mac.toString());
            events(json, timeline.latestBoot(mac));
            json.endObject();
        }
        return json.endArray().endObject().toString();
    }

    private static void events(JsonWriter json, List<BootEvent> events) {
        json.name("state").value(events.isEmpty() ? "unseen" : events.get(events.size() - 1).stage().label());
        json.name("events").beginArray();
        for (BootEvent e : events) {
            json.beginObject()
                    .name("stage").value(e.stage().label())
                    .name("time").value(e.time().toString())
                    .name("bytes").value(e.bytes())
                    .name("detail").value(e.detail())
                    .endObject();
        }
        json.endArray();
    }
}
