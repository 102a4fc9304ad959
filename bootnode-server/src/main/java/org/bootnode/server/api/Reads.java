package org.bootnode.server.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.lease.Lease;
import org.bootnode.server.bridge.DhcpService;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.config.NodeStore;
import org.bootnode.server.inventory.BootEvent;
import org.bootnode.server.inventory.BootTimeline;
import org.bootnode.server.inventory.Inventory;
import org.bootnode.server.inventory.UnknownMacs;
import org.bootnode.server.log.LogText;

/** What the read endpoints answer: documents built from the inventory, the timeline, the unknown MACs and the leases. */
final class Reads {
    private final Supplier<Inventory> inventory;
    private final BootTimeline timeline;
    private final UnknownMacs unknown;
    private final Supplier<DhcpService> dhcp;
    private final Clock clock;
    /** Where the API writes nodes; null when it writes none. */
    private final NodeStore store;

    Reads(Supplier<Inventory> inventory, BootTimeline timeline, UnknownMacs unknown, Supplier<DhcpService> dhcp, Clock clock,
            NodeStore store) {
        this.store = store;
        this.inventory = inventory;
        this.timeline = timeline;
        this.unknown = unknown;
        this.dhcp = dhcp;
        this.clock = clock;
    }

    /** {@code /api/groups}. */
    Documents.GroupList groups() {
        BootConfig config = inventory.get().config();
        return new Documents.GroupList(config.groups().values().stream().map(g -> Documents.Group.of(g, config.overlays())).toList());
    }

    /** {@code /api/unknown}. */
    Documents.UnknownList unknown() {
        return new Documents.UnknownList(unknownList(inventory.get()));
    }

    Documents.NodeList nodeList() {
        Inventory inv = inventory.get();
        Map<MacAddress, List<BootEvent>> all = timeline.snapshot();
        List<Documents.Node> nodes = new ArrayList<>();
        for (NodeSpec node : inv.nodes()) {
            nodes.add(Documents.Node.of(node, all.getOrDefault(node.mac(), List.of()), inv));
        }
        return new Documents.NodeList(nodes, unknownList(inv));
    }

    private List<Documents.Unknown> unknownList(Inventory inv) {
        List<Documents.Unknown> out = new ArrayList<>();
        for (UnknownMacs.Heard h : unknown.all()) {
            if (inv.node(h.mac()).isEmpty()) {
                out.add(Documents.Unknown.of(h, timeline.events(h.mac())));
            }
        }
        return out;
    }

    /** The document of one node, and its ETag (of the node's definition, not of its boots). */
    Documents.NodeDetail detail(Inventory inv, NodeSpec node) {
        return Documents.NodeDetail.of(node, timeline.events(node.mac()), inv, leaseOf(inv, node.mac()), input(inv.config(), node));
    }

    /**
     * The node as a body for {@code PUT /api/nodes/{name}} would give it, for a client to change and
     * send back whole: its definition in the node files or the store; null for a node the API
     * does not write (one of the main file, or of a hand-written file of several nodes).
     */
    private Map<String, Object> input(BootConfig config, NodeSpec node) {
        if (store == null || !config.nodeOrigin(node.name()).equals(Optional.of(store.originOf(node.name())))) {
            return null;
        }
        return config.nodeDefinition(node.name()).map(fields -> {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("name", node.name());
            input.putAll(fields);
            return input;
        }).orElse(null);
    }

    /** A node by name, or by MAC; 404 when none. */
    static NodeSpec find(Inventory inv, String name) {
        NodeSpec node = inv.config().nodes().get(name);
        if (node == null) {
            node = Documents.mac(name).flatMap(inv::node).orElse(null);
        }
        if (node == null) {
            throw new ApiException(HttpResponseStatus.NOT_FOUND, "no node " + LogText.escape(name), null);
        }
        return node;
    }

    private Documents.LeaseDoc leaseOf(Inventory inv, MacAddress mac) {
        DhcpService d = dhcp.get();
        if (d == null) {
            return null;
        }
        Instant now = clock.instant();
        return d.leases().stream().filter(l -> l.mac().equals(mac))
                .max(Comparator.comparing(Lease::expires))
                .map(l -> Documents.LeaseDoc.of(l, now, inv)).orElse(null);
    }

    Documents.LeaseList leases() {
        Inventory inv = inventory.get();
        DhcpService d = dhcp.get();
        if (d == null) {
            return new Documents.LeaseList(List.of());
        }
        Instant now = clock.instant();
        return new Documents.LeaseList(d.leases().stream()
                .sorted(Comparator.comparing(Lease::address, Addresses.ORDER))
                .map(l -> Documents.LeaseDoc.of(l, now, inv)).toList());
    }

    /** {@code /api/timeline}: the events of every MAC, or of one node, after {@code since}, the last {@code limit}, newest last. */
    Documents.EventList timeline(Map<String, List<String>> query) {
        Inventory inv = inventory.get();
        for (String key : query.keySet()) {
            if (!List.of("node", "since", "limit").contains(key)) {
                throw new ApiException(HttpResponseStatus.BAD_REQUEST, "unknown parameter", LogText.escape(key));
            }
        }
        String node = one(query, "node");
        long since = number(one(query, "since"), "since", 0, Long.MAX_VALUE, 0);
        int limit = (int) number(one(query, "limit"), "limit", 1, AdminApi.MAX_TIMELINE, 100);
        List<BootEvent> picked = new ArrayList<>();
        if (node != null) {
            MacAddress mac = inv.config().nodes().containsKey(node) ? inv.config().nodes().get(node).mac()
                    : Documents.mac(node).orElseThrow(() -> new ApiException(HttpResponseStatus.NOT_FOUND,
                            "no node " + LogText.escape(node), "node"));
            picked.addAll(timeline.events(mac));
        } else {
            timeline.snapshot().values().forEach(picked::addAll);
        }
        picked.removeIf(e -> e.id() <= since);
        picked.sort(Comparator.comparingLong(BootEvent::id));
        List<BootEvent> last = picked.subList(Math.max(0, picked.size() - limit), picked.size());
        return new Documents.EventList(last.stream().map(e -> Documents.Event.of(e, inv)).toList());
    }

    private static String one(Map<String, List<String>> query, String key) {
        List<String> values = query.get(key);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "given twice", key);
        }
        return values.get(0);
    }

    private static long number(String text, String field, long min, long max, long absent) {
        if (text == null) {
            return absent;
        }
        try {
            long v = Long.parseLong(text);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ApiException(HttpResponseStatus.BAD_REQUEST, "expected a number " + min + ".." + max, field);
    }
}
