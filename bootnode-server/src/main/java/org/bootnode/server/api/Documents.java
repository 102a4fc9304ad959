package org.bootnode.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.lease.Lease;
import org.bootnode.dhcp.pxe.BootFileClass;
import org.bootnode.server.config.GroupSpec;
import org.bootnode.server.config.NodeSettings;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.config.OverlaySection;
import org.bootnode.server.config.SubnetSpec;
import org.bootnode.server.inventory.BootEvent;
import org.bootnode.server.inventory.BootStage;
import org.bootnode.server.inventory.Inventory;
import org.bootnode.server.inventory.UnknownMacs;

/**
 * The JSON documents of the admin API, as records whose components are the fields (kebab-case
 * through {@link Json}); docs/api.md and docs/openapi.yaml describe each. Built here from the
 * server's values, never by hand in a handler.
 */
final class Documents {
    private Documents() {}

    /** {@code {"error","field"}}: every refusal; {@code field} only when one is at fault. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Refusal(String error, String field) {}

    /** One boot step. */
    record Event(long id, String node, String mac, String stage, String time, long bytes, String detail) {
        static Event of(BootEvent e, Inventory inventory) {
            return new Event(e.id(), inventory.node(e.mac()).map(NodeSpec::name).orElse(null), e.mac().toString(),
                    e.stage().label(), e.time().toString(), e.bytes(), e.detail());
        }
    }

    /** A node at a glance: its latest boot's events and its state. */
    record Node(String name, String mac, String ip, String group, String image, String state, String lastBoot,
            List<Event> events) {
        static Node of(NodeSpec n, List<BootEvent> all, Inventory inventory) {
            List<BootEvent> latest = latestBoot(all);
            return new Node(n.name(), n.mac().toString(), n.ip() == null ? null : n.ip().getHostAddress(),
                    n.group() == null ? null : n.group().name(), n.image(), Documents.state(all), Documents.lastBoot(all),
                    latest.stream().map(e -> Event.of(e, inventory)).toList());
        }
    }

    /** One resolved setting and where it came from, as {@code bootnode config show} prints it. */
    record Setting(String key, String value, String from) {}

    /** A node with its settings, its lease and its recent boots. */
    record NodeDetail(String name, String mac, String ip, String group, String image, String state, String lastBoot,
            List<Event> events, List<Setting> settings, LeaseDoc lease, List<List<Event>> boots, Map<String, Object> input) {
        static NodeDetail of(NodeSpec n, List<BootEvent> all, Inventory inventory, LeaseDoc lease, Map<String, Object> input) {
            Node node = Node.of(n, all, inventory);
            List<Setting> settings = NodeSettings.of(inventory.config(), n).stream()
                    .map(s -> new Setting(s.key(), s.value(), s.source())).toList();
            List<List<Event>> boots = new ArrayList<>();
            for (List<BootEvent> boot : Documents.boots(all)) {
                boots.add(boot.stream().map(e -> Event.of(e, inventory)).toList());
            }
            return new NodeDetail(node.name(), node.mac(), node.ip(), node.group(), node.image(), node.state(),
                    node.lastBoot(), node.events(), settings, lease, boots, input);
        }

        Node summary() {
            return new Node(name, mac, ip, group, image, state, lastBoot, events);
        }
    }

    /** A lease of the DHCP server. */
    record LeaseDoc(String ip, String mac, String state, String expires, String subnet, String node) {
        static LeaseDoc of(Lease l, Instant now, Inventory inventory) {
            String state = l.state() == Lease.State.DECLINED ? "declined" : l.isActive(now) ? "bound" : "expired";
            String subnet = inventory.config().dhcp().flatMap(d -> d.allSubnets().stream()
                    .filter(s -> s.subnet().contains(l.address())).map(SubnetSpec::name).findFirst()).orElse(null);
            return new LeaseDoc(l.address().getHostAddress(), l.mac().toString(), state, l.expires().toString(), subnet,
                    inventory.node(l.mac()).map(NodeSpec::name).orElse(null));
        }
    }

    /** A MAC heard that no node names. */
    record Unknown(String mac, String firstSeen, String lastSeen, String state, String subnet, String arch, String detail) {
        static Unknown of(UnknownMacs.Heard h, List<BootEvent> events) {
            String state = events.isEmpty() ? "ignored" : events.get(events.size() - 1).stage().label();
            return new Unknown(h.mac().toString(), h.firstSeen().toString(), h.lastSeen().toString(), state, h.subnet(),
                    h.arch(), h.detail());
        }
    }

    /** A group of the configuration. */
    record Group(String name, String image, String cmdline, Map<String, String> options, Map<String, String> bootFiles,
            List<String> overlays) {
        static Group of(GroupSpec g, Optional<OverlaySection> overlaySection) {
            Map<String, String> options = new LinkedHashMap<>();
            NodeSettings.options(g.options(), "group " + g.name()).forEach(s -> options.put(s.key(), s.value()));
            Map<String, String> files = new LinkedHashMap<>();
            for (BootFileClass cls : BootFileClass.values()) {
                if (g.bootFiles().containsKey(cls)) {
                    files.put(cls.key(), g.bootFiles().get(cls));
                }
            }
            List<String> overlays = overlaySection.map(o -> o.groups().get(g.name())).map(OverlaySection.Assignment::overlays)
                    .orElse(List.of());
            return new Group(g.name(), g.image(), g.cmdline(), options, files, overlays);
        }
    }

    /** {@code event: node} of the event stream. */
    record NodeChange(String action, Node node) {}

    /** {@code GET /api/nodes}. */
    record NodeList(List<Node> nodes, List<Unknown> unknown) {}

    /** {@code GET /api/groups}. */
    record GroupList(List<Group> groups) {}

    /** {@code GET /api/leases}. */
    record LeaseList(List<LeaseDoc> leases) {}

    /** {@code GET /api/unknown}. */
    record UnknownList(List<Unknown> unknown) {}

    /** {@code GET /api/timeline}. */
    record EventList(List<Event> events) {}

    /** The stage of the latest event, or {@code unseen}. */
    static String state(List<BootEvent> events) {
        return events.isEmpty() ? "unseen" : events.get(events.size() - 1).stage().label();
    }

    /** When the node last reported {@code booted}, or null. */
    static String lastBoot(List<BootEvent> events) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).stage() == BootStage.BOOTED) {
                return events.get(i).time().toString();
            }
        }
        return null;
    }

    /** The events of the latest boot: after the last {@code booted} before the final event. */
    static List<BootEvent> latestBoot(List<BootEvent> all) {
        List<List<BootEvent>> boots = boots(all);
        return boots.isEmpty() ? List.of() : boots.get(boots.size() - 1);
    }

    /** The events split into boots, each ending with its {@code booted} (the last may be under way). */
    static List<List<BootEvent>> boots(List<BootEvent> all) {
        List<List<BootEvent>> boots = new ArrayList<>();
        List<BootEvent> current = new ArrayList<>();
        for (BootEvent e : all) {
            current.add(e);
            if (e.stage() == BootStage.BOOTED) {
                boots.add(List.copyOf(current));
                current.clear();
            }
        }
        if (!current.isEmpty()) {
            boots.add(List.copyOf(current));
        }
        return boots;
    }

    /** A MAC as the API reads it, or empty. */
    static Optional<MacAddress> mac(String text) {
        try {
            MacAddress mac = MacAddress.parse(text);
            return mac.length() == MacAddress.ETHERNET_LENGTH ? Optional.of(mac) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

}
