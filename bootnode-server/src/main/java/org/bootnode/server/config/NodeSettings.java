package org.bootnode.server.config;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bootnode.dhcp.DhcpOptions;
import org.bootnode.dhcp.OptionKey;
import org.bootnode.dhcp.pxe.BootFileClass;

/**
 * A node's resolved settings and where each came from, as {@code bootnode config show} prints
 * them: one {@link Setting} a line, in the order the layers apply (later wins: built-in
 * defaults, {@code dhcp.options}, the node's subnet, its group, the node itself), then its
 * overlays in the order they apply and its template variables.
 */
public final class NodeSettings {
    /**
     * One resolved setting.
     *
     * @param key what it is: {@code image}, {@code cmdline}, {@code option 26 interface-mtu}, {@code boot-file uefi-arm64}...
     * @param value its value as text
     * @param source where it came from: {@code default}, {@code dhcp.options}, {@code subnet NAME},
     *     {@code image NAME}, {@code group NAME}, {@code boot-files}, {@code overlays.all-nodes},
     *     {@code overlays.vars} or {@code node}
     */
    public record Setting(String key, String value, String source) {
        @Override
        public String toString() {
            return key + ": " + value + " (" + source + ")";
        }
    }

    private NodeSettings() {
    }

    /** The settings of {@code node} in {@code config}. */
    public static List<Setting> of(BootConfig config, NodeSpec node) {
        List<Setting> out = new ArrayList<>();
        GroupSpec group = node.group();
        String groupSource = group == null ? null : "group " + group.name();
        out.add(new Setting("node", node.name(), "node"));
        out.add(new Setting("mac", node.mac().toString(), "node"));
        Optional<SubnetSpec> subnet = Optional.empty();
        if (node.ip() != null) {
            subnet = config.dhcp().flatMap(d -> d.allSubnets().stream().filter(s -> s.subnet().contains(node.ip())).findFirst());
            out.add(new Setting("ip", node.ip().getHostAddress(), "node"));
        }
        subnet.ifPresent(s -> {
            String from = "subnet " + s.name();
            out.add(new Setting("subnet", s.subnet().toString(), from));
            if (s.router() != null) {
                out.add(new Setting("router", s.router().getHostAddress(), from));
            }
            if (!s.dnsServers().isEmpty()) {
                out.add(new Setting("dns-servers", addresses(s.dnsServers()), from));
            }
            if (s.domain() != null) {
                out.add(new Setting("domain", s.domain(), from));
            }
            out.add(new Setting("lease-time", s.leaseTime().getSeconds() + "s", from));
        });
        if (group != null) {
            out.add(new Setting("group", group.name(), "node"));
        }
        boolean imageFromGroup = group != null && node.image().equals(group.image());
        out.add(new Setting("image", node.image(), imageFromGroup ? groupSource : "node"));
        ImageSpec image = config.images().get(node.image());
        if (image != null && !image.cmdline().isEmpty()) {
            out.add(new Setting("cmdline", image.cmdline(), "image " + image.name()));
        }
        if (group != null && !group.cmdline().isEmpty()) {
            out.add(new Setting("cmdline", group.cmdline(), groupSource));
        }
        if (!node.cmdline().isEmpty()) {
            out.add(new Setting("cmdline", node.cmdline(), "node"));
        }
        Map<Integer, Setting> options = new LinkedHashMap<>();
        config.dhcp().ifPresent(d -> addOptions(options, d.options(), "dhcp.options"));
        subnet.ifPresent(s -> addOptions(options, s.options(), "subnet " + s.name()));
        if (group != null) {
            addOptions(options, group.options(), groupSource);
        }
        addOptions(options, node.options(), "node");
        options.keySet().stream().sorted().forEach(code -> out.add(options.get(code)));
        Map<BootFileClass, String> defaults = BootFiles.defaults(config);
        for (BootFileClass cls : BootFileClass.values()) {
            String key = "boot-file " + cls.key();
            if (node.bootFiles().containsKey(cls)) {
                out.add(new Setting(key, node.bootFiles().get(cls), "node"));
            } else if (group != null && group.bootFiles().containsKey(cls)) {
                out.add(new Setting(key, group.bootFiles().get(cls), groupSource));
            } else if (config.bootFiles().containsKey(cls)) {
                out.add(new Setting(key, config.bootFiles().get(cls), "boot-files"));
            } else if (defaults.containsKey(cls)) {
                out.add(new Setting(key, defaults.get(cls), "default"));
            }
        }
        config.overlays().ifPresent(o -> {
            o.layers(node).forEach(l -> out.add(new Setting("overlay", l.name(), l.source())));
            o.vars(node).forEach((k, v) -> out.add(new Setting("var " + k, v, varSource(o, node, k))));
        });
        return out;
    }

    /** DHCP options as settings ({@code option 26 interface-mtu: 9000}), by code, from {@code source}. */
    public static List<Setting> options(DhcpOptions options, String source) {
        Map<Integer, Setting> out = new LinkedHashMap<>();
        addOptions(out, options, source);
        return List.copyOf(out.values());
    }

    /** Where a template variable's value comes from: the last layer that sets it. */
    private static String varSource(OverlaySection o, NodeSpec node, String key) {
        if (o.nodes().containsKey(node.name()) && o.nodes().get(node.name()).vars().containsKey(key)) {
            return "node";
        }
        if (node.group() != null && o.groups().containsKey(node.group().name())
                && o.groups().get(node.group().name()).vars().containsKey(key)) {
            return "group " + node.group().name();
        }
        return "overlays.vars";
    }

    private static void addOptions(Map<Integer, Setting> into, DhcpOptions options, String source) {
        for (int code : options.codes()) {
            byte[] raw = options.raw(code).orElseThrow();
            Optional<OptionKey<?>> key = OptionKey.known(code);
            String name = "option " + code + key.map(k -> " " + k.name()).orElse("");
            into.put(code, new Setting(name, text(options, key.orElse(null), raw), source));
        }
    }

    /** An option's value as text: decoded when bootnode knows the option, else hex. */
    private static String text(DhcpOptions options, OptionKey<?> key, byte[] raw) {
        if (key != null) {
            try {
                Optional<?> value = options.get(key);
                if (value.isPresent() && !(value.get() instanceof byte[])) {
                    return value.get() instanceof List<?> list ? String.join(", ", list.stream().map(NodeSettings::item).toList())
                            : item(value.get());
                }
            } catch (RuntimeException e) {
                // undecodable: shown as hex below
            }
        }
        return HexFormat.ofDelimiter(":").formatHex(raw);
    }

    private static String item(Object o) {
        return o instanceof Inet4Address a ? a.getHostAddress() : String.valueOf(o);
    }

    private static String addresses(List<Inet4Address> list) {
        return String.join(", ", list.stream().map(Inet4Address::getHostAddress).toList());
    }
}
