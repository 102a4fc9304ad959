package org.bootnode.server.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.pxe.BootFileClass;

/**
 * A whole, checked configuration: the {@code server} section, the optional {@code dhcp},
 * {@code tftp} and {@code http} sections (a missing one means that server does not run), the
 * optional {@code store} section (missing: the lease journal), the images, the top-level boot files, the groups and the nodes. Immutable; read from YAML by {@link ConfigReader} or built from code.
 *
 * <pre>{@code
 * BootConfig config = BootConfig.builder()
 *         .server(new ServerSection((Inet4Address) InetAddress.getByName("10.0.0.1"), null, Path.of("/var/lib/bootnode")))
 *         .http(HttpSection.defaults())
 *         .image(new ImageSpec("compute", kernel, initrd, "console=ttyS0"))
 *         .node(new NodeSpec("node-000", MacAddress.parseEthernet("fc:ab:14:e8:66:01"), (Inet4Address) InetAddress.getByName("10.0.0.10"), "compute"))
 *         .build();
 * }</pre>
 */
public final class BootConfig {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private final Path source;
    private final ServerSection server;
    private final DhcpSection dhcp;
    private final TftpSection tftp;
    private final HttpSection http;
    private final StoreSection store;
    private final AdminSection admin;
    private final Map<String, ImageSpec> images;
    private final Map<BootFileClass, String> bootFiles;
    private final Map<String, GroupSpec> groups;
    private final Map<String, NodeSpec> nodes;
    private final Map<MacAddress, NodeSpec> nodesByMac;
    private final Path nodeFiles;
    private final Map<String, Path> nodeOrigins;
    private final Map<String, Map<String, Object>> nodeDefinitions;
    private final OverlaySection overlays;

    private BootConfig(Builder b) {
        this.source = b.source;
        this.server = Objects.requireNonNull(b.server, "server section");
        this.dhcp = b.dhcp;
        this.tftp = b.tftp;
        this.http = b.http;
        this.store = b.store;
        this.admin = b.admin;
        this.nodeFiles = b.nodeFiles;
        this.nodeOrigins = Map.copyOf(b.nodeOrigins);
        this.nodeDefinitions = Map.copyOf(b.nodeDefinitions);
        this.images = Collections.unmodifiableMap(new LinkedHashMap<>(b.images));
        this.bootFiles = Collections.unmodifiableMap(new EnumMap<>(b.bootFiles));
        this.groups = Collections.unmodifiableMap(new LinkedHashMap<>(b.groups));
        this.nodes = Collections.unmodifiableMap(new LinkedHashMap<>(b.nodes));
        Map<MacAddress, NodeSpec> byMac = new HashMap<>();
        for (NodeSpec node : nodes.values()) {
            NodeSpec before = byMac.putIfAbsent(node.mac(), node);
            if (before != null) {
                throw new IllegalArgumentException("mac " + node.mac() + " of " + node.name()
                        + ": already used by " + before.name());
            }
            if (!images.containsKey(node.image())) {
                throw new IllegalArgumentException("image of " + node.name() + ": " + node.image()
                        + " (expected one of: " + String.join(", ", images.keySet()) + ")");
            }
            if (node.group() != null && node.group() != groups.get(node.group().name())
                    && !node.group().equals(groups.get(node.group().name()))) {
                throw new IllegalArgumentException("group of " + node.name() + ": " + node.group().name()
                        + " (expected one of the configuration's groups: " + String.join(", ", groups.keySet()) + ")");
            }
        }
        for (GroupSpec g : groups.values()) {
            if (g.image() != null && !images.containsKey(g.image())) {
                throw new IllegalArgumentException("image of group " + g.name() + ": " + g.image()
                        + " (expected one of: " + String.join(", ", images.keySet()) + ")");
            }
        }
        this.nodesByMac = Collections.unmodifiableMap(byMac);
        this.overlays = b.overlays;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The file this was read from, if any. */
    public Optional<Path> source() {
        return Optional.ofNullable(source);
    }

    /** The {@code server} section. */
    public ServerSection server() {
        return server;
    }

    /** The {@code dhcp} section; empty means no DHCP server. */
    public Optional<DhcpSection> dhcp() {
        return Optional.ofNullable(dhcp);
    }

    /** The {@code tftp} section; empty means no TFTP server (and no {@code /tftp/} over HTTP). */
    public Optional<TftpSection> tftp() {
        return Optional.ofNullable(tftp);
    }

    /** The {@code http} section; empty means no HTTP server. */
    public Optional<HttpSection> http() {
        return Optional.ofNullable(http);
    }

    /** The {@code store} section; empty means the lease journal in {@code server.data-dir}. */
    public Optional<StoreSection> store() {
        return Optional.ofNullable(store);
    }

    /**
     * The {@code admin} section; empty means no admin listener. {@link ConfigReader} always sets
     * one ({@link AdminSection#defaults()} when the file has none).
     */
    public Optional<AdminSection> admin() {
        return Optional.ofNullable(admin);
    }

    /** The images by name, in file order. */
    public Map<String, ImageSpec> images() {
        return images;
    }

    /**
     * The top-level {@code boot-files}: the file per firmware class every node gets unless its
     * group or itself says otherwise; a class not here takes the built-in default.
     */
    public Map<BootFileClass, String> bootFiles() {
        return bootFiles;
    }

    /** The groups by name, in file order. */
    public Map<String, GroupSpec> groups() {
        return groups;
    }

    /**
     * The {@code node-files} setting: the folder of {@code *.yaml} files, or the one file, that
     * holds the nodes added and changed through the admin API ({@link NodeStore}); empty when
     * the configuration names none (nodes are then read-only through the API).
     */
    public Optional<Path> nodeFiles() {
        return Optional.ofNullable(nodeFiles);
    }

    /** The file a node was read from (the main file, or one of the node files); empty for a node built from code. */
    public Optional<Path> nodeOrigin(String name) {
        return Optional.ofNullable(nodeOrigins.get(name));
    }

    /**
     * A node of the node files or of a shared store as its definition is written there (its
     * {@code nodes:} entry: every scalar as its text, in the file's order), for writing it back
     * changed; empty for a node of the main file or one built from code.
     */
    public Optional<Map<String, Object>> nodeDefinition(String name) {
        return Optional.ofNullable(nodeDefinitions.get(name));
    }

    /** The nodes by name, in file order. */
    public Map<String, NodeSpec> nodes() {
        return nodes;
    }

    /** The {@code overlays} section with the groups' and nodes' assignments; empty means no node has overlays. */
    public Optional<OverlaySection> overlays() {
        return Optional.ofNullable(overlays);
    }

    /** The node with this MAC. */
    public Optional<NodeSpec> node(MacAddress mac) {
        return Optional.ofNullable(nodesByMac.get(mac));
    }

    /** A builder that starts from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.source = source;
        b.server = server;
        b.dhcp = dhcp;
        b.tftp = tftp;
        b.http = http;
        b.store = store;
        b.admin = admin;
        b.nodeFiles = nodeFiles;
        b.nodeOrigins.putAll(nodeOrigins);
        b.nodeDefinitions.putAll(nodeDefinitions);
        b.images.putAll(images);
        b.bootFiles.putAll(bootFiles);
        b.groups.putAll(groups);
        b.nodes.putAll(nodes);
        b.overlays = overlays;
        return b;
    }

    static void checkPort(String what, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(what + ": " + port + " (expected: 0..65535, 0 for any free port)");
        }
    }

    /**
     * Whether {@code name} is a valid node or image name: letters, digits, {@code .}, {@code _},
     * {@code -}, starting with a letter or digit, at most 63 (a host name label, and a URL path
     * segment that needs no escaping).
     */
    public static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    static void checkName(String what, String name) {
        if (!isName(name)) {
            throw new IllegalArgumentException(what + " name: " + name
                    + " (expected: letters, digits, '.', '_', '-', starting with a letter or digit, at most 63)");
        }
    }

    /** Builds a {@link BootConfig}; {@link #build()} checks that nodes name known images and groups and have unique MACs. */
    public static final class Builder {
        private Path source;
        private ServerSection server;
        private DhcpSection dhcp;
        private TftpSection tftp;
        private HttpSection http;
        private StoreSection store;
        private AdminSection admin;
        private Path nodeFiles;
        private final Map<String, Path> nodeOrigins = new HashMap<>();
        private final Map<String, Map<String, Object>> nodeDefinitions = new HashMap<>();
        private final Map<String, ImageSpec> images = new LinkedHashMap<>();
        private final Map<BootFileClass, String> bootFiles = new EnumMap<>(BootFileClass.class);
        private final Map<String, GroupSpec> groups = new LinkedHashMap<>();
        private final Map<String, NodeSpec> nodes = new LinkedHashMap<>();
        private OverlaySection overlays;

        private Builder() {}

        /** The {@code overlays} section, or null for none. */
        public Builder overlays(OverlaySection overlays) {
            this.overlays = overlays;
            return this;
        }

        /** The file the configuration came from (for messages). */
        public Builder source(Path source) {
            this.source = source;
            return this;
        }

        /** The required {@code server} section. */
        public Builder server(ServerSection server) {
            this.server = server;
            return this;
        }

        /** The {@code dhcp} section, or null for no DHCP server. */
        public Builder dhcp(DhcpSection dhcp) {
            this.dhcp = dhcp;
            return this;
        }

        /** The {@code tftp} section, or null for no TFTP server. */
        public Builder tftp(TftpSection tftp) {
            this.tftp = tftp;
            return this;
        }

        /** The {@code http} section, or null for no HTTP server. */
        public Builder http(HttpSection http) {
            this.http = http;
            return this;
        }

        /** The {@code store} section, or null for the lease journal in {@code server.data-dir}. */
        public Builder store(StoreSection store) {
            this.store = store;
            return this;
        }

        /** The {@code node-files} setting (null: none). */
        public Builder nodeFiles(Path nodeFiles) {
            this.nodeFiles = nodeFiles;
            return this;
        }

        /** Notes the file a node was read from. */
        public Builder nodeOrigin(String name, Path file) {
            nodeOrigins.put(name, file);
            return this;
        }

        /** Notes a node's definition as its node file or store holds it ({@link BootConfig#nodeDefinition}). */
        public Builder nodeDefinition(String name, Map<String, Object> fields) {
            nodeDefinitions.put(name, fields);
            return this;
        }

        /** The {@code admin} section, or null for no admin listener. */
        public Builder admin(AdminSection admin) {
            this.admin = admin;
            return this;
        }

        /** Adds (or replaces) an image. */
        public Builder image(ImageSpec image) {
            images.put(image.name(), image);
            return this;
        }

        /** Sets (or replaces) the top-level boot file of a firmware class. */
        public Builder bootFile(BootFileClass cls, String file) {
            bootFiles.put(cls, file);
            return this;
        }

        /** Adds (or replaces) a group; its nodes must hold this very group. */
        public Builder group(GroupSpec group) {
            groups.put(group.name(), group);
            return this;
        }

        /** Adds (or replaces) a node. */
        public Builder node(NodeSpec node) {
            nodes.put(node.name(), node);
            return this;
        }

        /** Replaces every node. */
        public Builder nodes(List<NodeSpec> all) {
            nodes.clear();
            new ArrayList<>(all).forEach(this::node);
            return this;
        }

        /** The checked configuration. */
        public BootConfig build() {
            return new BootConfig(this);
        }
    }
}
