package org.bootnode.server.config;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bootnode.dhcp.DhcpOptions;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.OptionValue;
import org.bootnode.dhcp.lease.AddressRange;
import org.bootnode.dhcp.lease.JournalDamage;
import org.bootnode.dhcp.lease.Subnet;
import org.bootnode.dhcp.lease.UnknownClients;
import org.bootnode.dhcp.pxe.BootFileClass;
import org.bootnode.ipxe.BootTarget;
import org.bootnode.tftp.server.TftpServerConfig;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads the YAML configuration (docs/server.md, examples/bootnode.yaml) into a {@link BootConfig}, reporting every problem
 * as {@code FILE:LINE: message}: unknown keys, bad values, duplicate MACs and addresses,
 * overlapping subnets, pools and routers outside their subnet, node addresses that fit no subnet
 * or lie inside its pool, DHCP option values that do not fit their option (checked by
 * bootnode-dhcp's {@code OptionValue}), images and groups that are not defined, missing files, a
 * {@code store.postgres} URL that holds a password, a password file that is missing or that every user can read.
 * Relative paths are resolved against the configuration file's folder.
 *
 * <p>Every scalar is read as text and parsed here (never by YAML's type resolution), so
 * {@code mac: fc:ab:14:e8:66:01} works unquoted and {@code port: 0x50} is an error.
 */
public final class ConfigReader {
    private static final Set<String> TOP = Set.of("server", "dhcp", "tftp", "http", "store", "images", "boot-files", "groups",
            "nodes", "admin", "node-files", "overlays");
    private static final Set<String> NODE_FILE = Set.of("nodes");
    private static final Set<String> STORE = Set.of("postgres");
    private static final Set<String> ADMIN = Set.of("listen", "tls", "tokens");
    private static final Set<String> TLS = Set.of("certificate", "key");
    private static final Set<String> POSTGRES = Set.of("url", "user", "password-file");
    private static final Set<String> SERVER = Set.of("address", "interface", "data-dir");
    private static final Set<String> DHCP = Set.of("port", "subnet", "router", "dns-servers", "domain",
            "lease-time", "unknown-clients", "pool", "proxy", "decline-probation", "max-declined", "journal-damage",
            "subnets", "options");
    private static final Set<String> SUBNET = Set.of("subnet", "router", "dns-servers", "domain", "lease-time", "pool", "options");
    private static final Set<String> TYPED_OPTION = Set.of("type", "value");
    private static final Set<String> GROUP = Set.of("image", "cmdline", "options", "boot-files", "overlays", "vars");
    private static final Set<String> OVERLAYS = Set.of("root", "all-nodes", "vars");
    private static final Pattern VAR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Set<String> TFTP = Set.of("port", "root", "max-transfers", "max-transfers-per-address",
            "max-stall", "max-transfer-time", "max-backoff", "packet-cache");
    private static final Set<String> HTTP = Set.of("port", "max-connections", "max-connections-per-address",
            "idle-timeout", "header-timeout", "send-buffer", "unsent-limit", "threads");
    private static final Set<String> IMAGE = Set.of("kernel", "initrd", "cmdline");
    private static final Set<String> NODE = Set.of("mac", "ip", "image", "group", "cmdline", "options", "boot-files",
            "overlays", "vars");
    private static final Pattern DURATION_PART = Pattern.compile("([0-9]{1,9})([smhd])");

    /** The file being read: the main one, or the node file whose nodes are being read. */
    private Path file;
    /** Node files' texts to read instead of what is on disk (null: the file is gone): a change checked before it is written. */
    private final Map<Path, String> nodeFileTexts;
    /** Nodes given by a store rather than read from files ({@link #readWithStored}): their origins, read after the node files. */
    private List<Path> storedOrigins = List.of();
    /** Every node read so far, over all files: names, MACs and addresses must be unique across them. */
    private final NodeIndex index = new NodeIndex();
    private final Path base;
    private final List<ConfigProblem> problems = new ArrayList<>();
    /** The line of each subnet's pool, by subnet name, for messages about reservations inside it. */
    private final Map<String, Integer> poolLines = new HashMap<>();
    /** The {@code overlays:} and {@code vars:} of groups and of nodes, by name, and where each overlay was named. */
    private final Map<String, OverlaySection.Assignment> groupOverlays = new LinkedHashMap<>();
    private final Map<String, OverlaySection.Assignment> nodeOverlays = new LinkedHashMap<>();
    private final List<Map.Entry<String, Node>> overlayNames = new ArrayList<>();
    /** Whether the nodes being read are kept as written ({@link BootConfig#nodeDefinition}): those of node files and stores. */
    private boolean keepDefinitions;
    private final Map<String, Map<String, Object>> definitions = new HashMap<>();

    private ConfigReader(Path file, Map<Path, String> nodeFileTexts) {
        this.file = file;
        this.nodeFileTexts = nodeFileTexts;
        Path parent = file.toAbsolutePath().getParent();
        this.base = parent == null ? Path.of("").toAbsolutePath() : parent;
    }

    /**
     * Reads and checks the file.
     *
     * @throws ConfigException listing every problem, in line order
     */
    public static BootConfig read(Path file) throws ConfigException {
        return read(file, Map.of());
    }

    /**
     * Reads and checks the file as {@link #read(Path)} does, with node files' texts taken from
     * {@code nodeFileTexts} instead of the disk (a null text: the file is gone, a path not on
     * disk: a new file): a change to the node files is checked this way before it is written.
     *
     * @throws ConfigException listing every problem, in line order
     */
    public static BootConfig read(Path file, Map<Path, String> nodeFileTexts) throws ConfigException {
        ConfigReader reader = new ConfigReader(file, nodeFileTexts);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(List.of(new ConfigProblem(file, 1, "not UTF-8 text")));
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(file, 0, "cannot read: " + e)));
        }
        return reader.parse(text);
    }

    /**
     * Reads and checks the file as {@link #read(Path)} does, with the nodes a store keeps
     * ({@link NodeStore}, not node files) added after the node files' and checked by the same
     * rules: {@code stored} maps each node's origin (what {@link BootConfig#nodeOrigin} gives, and
     * what a problem names) to the text of a node file holding it ({@link FileNodeStore#render}).
     *
     * @throws ConfigException listing every problem, the main file's first
     */
    public static BootConfig readWithStored(Path file, Map<Path, String> stored) throws ConfigException {
        ConfigReader reader = new ConfigReader(file, stored);
        reader.storedOrigins = List.copyOf(stored.keySet());
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(List.of(new ConfigProblem(file, 1, "not UTF-8 text")));
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(file, 0, "cannot read: " + e)));
        }
        return reader.parse(text);
    }

    private BootConfig parse(String text) throws ConfigException {
        Optional<Node> root;
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).setAllowRecursiveKeys(false)
                    .setMaxAliasesForCollections(10).setCodePointLimit(4 * 1024 * 1024).build();
            root = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(1);
            throw new ConfigException(List.of(new ConfigProblem(file, line, "not valid YAML: " + e.getProblem())));
        } catch (YamlEngineException e) {
            throw new ConfigException(List.of(new ConfigProblem(file, 1, "not valid YAML: " + e.getMessage())));
        }
        if (root.isEmpty()) {
            throw new ConfigException(List.of(new ConfigProblem(file, 1, "empty file (expected: at least a server section)")));
        }
        BootConfig config = readTop(root.get());
        if (!problems.isEmpty() || config == null) {
            List<ConfigProblem> sorted = new ArrayList<>(problems);
            // The main file's problems first, then each node file's, each in line order.
            sorted.sort(Comparator.comparing((ConfigProblem p) -> !p.file().equals(file)).thenComparing(p -> p.file().toString())
                    .thenComparingInt(ConfigProblem::line));
            throw new ConfigException(sorted);
        }
        return config;
    }

    // ---- structure

    private record Entry(Node key, Node value) {}

    private void problem(Node at, String message) {
        problems.add(new ConfigProblem(file, line(at), message));
    }

    private static int line(Node node) {
        return node.getStartMark().map(Mark::getLine).orElse(0) + 1;
    }

    /** The entries of a mapping, reporting non-mappings, unknown and repeated keys. */
    private Map<String, Entry> mapping(Node node, String where, Set<String> allowed) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        if (!(node instanceof MappingNode mapping)) {
            problem(node, where + ": expected a mapping of keys to values");
            return entries;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                problem(tuple.getKeyNode(), where + ": a key must be plain text");
                continue;
            }
            String key = keyNode.getValue();
            if (allowed != null && !allowed.contains(key)) {
                problem(keyNode, "unknown key '" + key + "' in " + where + " (expected one of: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
                continue;
            }
            Entry before = entries.putIfAbsent(key, new Entry(keyNode, tuple.getValueNode()));
            if (before != null) {
                problem(keyNode, "key '" + key + "' in " + where + " repeated (first on line " + line(before.key) + ")");
            }
        }
        return entries;
    }

    /** The text of a scalar, or null (reported) when the value is not a single value. */
    private String scalar(Entry entry, String what) {
        if (!(entry.value instanceof ScalarNode s)) {
            problem(entry.value, what + ": expected a single value");
            return null;
        }
        if (s.getValue().isBlank()) {
            problem(entry.key, what + ": missing value");
            return null;
        }
        return s.getValue().strip();
    }

    /** Parses a scalar with a parser that throws IllegalArgumentException; null (reported) on failure. */
    private <T> T value(Map<String, Entry> map, String key, String what, Function<String, T> parser, T absent) {
        Entry entry = map.get(key);
        if (entry == null) {
            return absent;
        }
        String text = scalar(entry, what);
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            problem(entry.value, what + ": " + detail(e.getMessage()));
            return null;
        }
    }

    private <T> T required(Map<String, Entry> map, String key, String what, Node parent, Function<String, T> parser) {
        if (!map.containsKey(key)) {
            problem(parent, what + ": missing");
            return null;
        }
        return value(map, key, what, parser, null);
    }

    /** Drops the "name: " prefix of a worded IllegalArgumentException: the caller names the field. */
    private static String detail(String message) {
        int colon = message.indexOf(": ");
        return colon > 0 && colon < 24 && !message.substring(0, colon).contains(" ") ? message.substring(colon + 2) : message;
    }

    private int line(Map<String, Entry> map, String key) {
        Entry e = map.get(key);
        return e == null ? 0 : line(e.value);
    }

    // ---- sections

    private BootConfig readTop(Node root) {
        Map<String, Entry> top = mapping(root, "the configuration", TOP);
        BootConfig.Builder builder = BootConfig.builder().source(file);
        ServerSection server = null;
        if (!top.containsKey("server")) {
            problem(root, "server: missing (expected: a server section with at least address)");
        } else {
            server = readServer(top.get("server").value);
        }
        builder.server(server);
        DhcpSection dhcp = null;
        Map<String, Entry> dhcpMap = Map.of();
        if (top.containsKey("dhcp")) {
            dhcpMap = mapping(top.get("dhcp").value, "dhcp", DHCP);
            dhcp = readDhcp(top.get("dhcp").value, dhcpMap);
            ServerSection head = server;
            if (dhcp != null && head != null && !dhcp.proxy()
                    && dhcp.allSubnets().stream().noneMatch(s -> s.subnet().contains(head.address()))) {
                if (dhcp.subnet() != null && dhcp.subnets().isEmpty()) {
                    problem(dhcpMap.get("subnet").value, "dhcp.subnet: " + dhcp.subnet() + " does not hold server.address "
                            + server.address().getHostAddress() + " (the server answers on that subnet; or set proxy: true)");
                } else {
                    problem((dhcpMap.containsKey("subnet") ? dhcpMap.get("subnet") : dhcpMap.get("subnets")).key,
                            "dhcp: no subnet holds server.address " + server.address().getHostAddress()
                            + " (expected: the server's own link among dhcp.subnet and dhcp.subnets; or set proxy: true)");
                }
            }
            builder.dhcp(dhcp);
        }
        if (top.containsKey("tftp")) {
            builder.tftp(readTftp(top.get("tftp").value));
        }
        if (top.containsKey("http")) {
            builder.http(readHttp(top.get("http").value));
        }
        if (top.containsKey("store")) {
            builder.store(readStore(top.get("store")));
        }
        builder.admin(top.containsKey("admin") ? readAdmin(top.get("admin")) : AdminSection.defaults());
        Map<String, ImageSpec> images = new LinkedHashMap<>();
        if (top.containsKey("images")) {
            for (var e : mapping(top.get("images").value, "images", null).entrySet()) {
                ImageSpec image = readImage(e.getKey(), e.getValue());
                if (image != null) {
                    images.put(image.name(), image);
                    builder.image(image);
                }
            }
        }
        if (top.containsKey("boot-files")) {
            Map<BootFileClass, String> files = bootFiles(top.get("boot-files"), "boot-files");
            if (files != null) {
                files.forEach(builder::bootFile);
            }
        }
        Map<String, GroupSpec> groups = new LinkedHashMap<>();
        Set<String> groupNames = new HashSet<>();
        if (top.containsKey("groups")) {
            groups = readGroups(top.get("groups").value, images, groupNames);
            groups.values().forEach(builder::group);
        }
        if (top.containsKey("nodes")) {
            for (NodeSpec n : readNodes(top.get("nodes").value, images, groups, groupNames, dhcp, dhcpMap, server)) {
                builder.node(n).nodeOrigin(n.name(), file);
            }
        }
        if (top.containsKey("node-files")) {
            Path nodeFiles = value(top, "node-files", "node-files", this::path, null);
            builder.nodeFiles(nodeFiles);
            if (nodeFiles != null) {
                Path mainFile = file;
                keepDefinitions = true;
                for (Path f : FileNodeStore.list(nodeFiles, nodeFileTexts.keySet(), problem -> problem(top.get("node-files").value, problem))) {
                    file = f;
                    for (NodeSpec n : readNodeFile(f, images, groups, groupNames, dhcp, dhcpMap, server)) {
                        builder.node(n).nodeOrigin(n.name(), f);
                    }
                }
                keepDefinitions = false;
                file = mainFile;
            }
        }
        Path main = file;
        keepDefinitions = true;
        for (Path origin : storedOrigins) {
            file = origin;
            for (NodeSpec n : readNodeFile(origin, images, groups, groupNames, dhcp, dhcpMap, server)) {
                builder.node(n).nodeOrigin(n.name(), origin);
            }
        }
        keepDefinitions = false;
        file = main;
        definitions.forEach(builder::nodeDefinition);
        builder.overlays(readOverlays(top.get("overlays")));
        if (!problems.isEmpty() || server == null) {
            return null;
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            problem(root, e.getMessage());
            return null;
        }
    }

    private ServerSection readServer(Node node) {
        Map<String, Entry> map = mapping(node, "server", SERVER);
        Inet4Address address = required(map, "address", "server.address", node, ConfigReader::address);
        String iface = value(map, "interface", "server.interface", ConfigReader::interfaceName, null);
        Path dataDir = value(map, "data-dir", "server.data-dir", this::path, ServerSection.DEFAULT_DATA_DIR);
        return address == null || dataDir == null ? null : new ServerSection(address, iface, dataDir);
    }

    private DhcpSection readDhcp(Node node, Map<String, Entry> map) {
        Integer port = value(map, "port", "dhcp.port", ConfigReader::dhcpPort, DhcpSection.DEFAULT_PORT);
        Boolean proxy = value(map, "proxy", "dhcp.proxy", ConfigReader::bool, false);
        Subnet subnet = Boolean.TRUE.equals(proxy) || map.containsKey("subnets")
                ? value(map, "subnet", "dhcp.subnet", ConfigReader::subnet, null)
                : required(map, "subnet", "dhcp.subnet", node, ConfigReader::subnet);
        Inet4Address router = value(map, "router", "dhcp.router", ConfigReader::address, null);
        List<Inet4Address> dns = addressList(map.get("dns-servers"), "dhcp.dns-servers");
        String domain = value(map, "domain", "dhcp.domain", ConfigReader::domain, null);
        Duration lease = value(map, "lease-time", "dhcp.lease-time", ConfigReader::leaseTime, DhcpSection.DEFAULT_LEASE_TIME);
        UnknownClients unknown = value(map, "unknown-clients", "dhcp.unknown-clients",
                ConfigReader::unknownClients, UnknownClients.IGNORE);
        AddressRange pool = value(map, "pool", "dhcp.pool", ConfigReader::range, null);
        Duration probation = value(map, "decline-probation", "dhcp.decline-probation", ConfigReader::declineProbation,
                DhcpSection.DEFAULT_DECLINE_PROBATION);
        Integer maxDeclined = value(map, "max-declined", "dhcp.max-declined", t -> positive(t, 65536),
                DhcpSection.DEFAULT_MAX_DECLINED);
        JournalDamage damage = value(map, "journal-damage", "dhcp.journal-damage", ConfigReader::journalDamage,
                JournalDamage.KEEP_ASIDE);
        boolean outside = false;
        if (subnet != null) {
            if (router != null && !subnet.contains(router)) {
                problem(map.get("router").value, "dhcp.router: " + router.getHostAddress() + " is outside the subnet " + subnet);
                outside = true;
            }
            if (pool != null && !(subnet.contains(pool.first()) && subnet.contains(pool.last()))) {
                problem(map.get("pool").value, "dhcp.pool: " + pool + " is not inside the subnet " + subnet);
                outside = true;
            }
        }
        poolLines.put(DhcpSection.MAIN_SUBNET, line(map, "pool"));
        List<SubnetSpec> subnets = map.containsKey("subnets")
                ? readSubnets(map.get("subnets"), subnet, map.get("subnet")) : List.of();
        DhcpOptions options = map.containsKey("options") ? options(map.get("options"), "dhcp.options") : DhcpOptions.empty();
        if (unknown == UnknownClients.POOL && pool == null && !map.containsKey("pool")
                && (subnets == null || subnets.stream().allMatch(s -> s.pool() == null))) {
            problem(map.get("unknown-clients").value, "dhcp.unknown-clients: pool needs a dhcp.pool");
            return null;
        }
        if (subnet == null && !map.containsKey("subnet") && !Boolean.TRUE.equals(proxy) && subnets != null && subnets.isEmpty()
                && map.containsKey("subnets")) {
            problem(map.get("subnets").key, "dhcp.subnets: empty and no dhcp.subnet (expected: at least one subnet)");
            return null;
        }
        if (port == null || proxy == null || (subnet == null && !proxy && (subnets == null || subnets.isEmpty()))
                || (map.containsKey("router") && router == null)
                || dns == null || lease == null || unknown == null || (map.containsKey("pool") && pool == null)
                || probation == null || maxDeclined == null || damage == null || subnets == null || options == null
                || (map.containsKey("subnet") && subnet == null) || outside) {
            return null;
        }
        return new DhcpSection(port, subnet, router, dns, domain, lease, unknown, pool, proxy, probation, maxDeclined, damage,
                subnets, options);
    }

    /** {@code dhcp.subnets}: each checked, and none overlapping another or {@code dhcp.subnet}; null if any is wrong. */
    private List<SubnetSpec> readSubnets(Entry entry, Subnet main, Entry mainEntry) {
        List<SubnetSpec> out = new ArrayList<>();
        List<Map.Entry<Subnet, String>> seen = new ArrayList<>();
        if (main != null) {
            seen.add(Map.entry(main, "dhcp.subnet (line " + line(mainEntry.value) + ")"));
        }
        boolean ok = entry.value instanceof MappingNode;
        for (var e : mapping(entry.value, "dhcp.subnets", null).entrySet()) {
            String name = e.getKey();
            Entry sub = e.getValue();
            try {
                BootConfig.checkName("subnet", name);
            } catch (IllegalArgumentException ex) {
                problem(sub.key, ex.getMessage());
                ok = false;
                continue;
            }
            if (name.equals(DhcpSection.MAIN_SUBNET)) {
                problem(sub.key, "subnet name: " + name + " names dhcp.subnet's own subnet (expected: another name)");
                ok = false;
                continue;
            }
            String where = "dhcp.subnets." + name;
            Map<String, Entry> m = mapping(sub.value, where, SUBNET);
            Subnet net = required(m, "subnet", where + ".subnet", sub.key, ConfigReader::subnet);
            Inet4Address router = value(m, "router", where + ".router", ConfigReader::address, null);
            List<Inet4Address> dns = addressList(m.get("dns-servers"), where + ".dns-servers");
            String domain = value(m, "domain", where + ".domain", ConfigReader::domain, null);
            Duration lease = value(m, "lease-time", where + ".lease-time", ConfigReader::leaseTime,
                    DhcpSection.DEFAULT_LEASE_TIME);
            AddressRange pool = value(m, "pool", where + ".pool", ConfigReader::range, null);
            DhcpOptions options = m.containsKey("options") ? options(m.get("options"), where + ".options") : DhcpOptions.empty();
            poolLines.put(name, line(m, "pool"));
            boolean good = net != null && dns != null && lease != null && options != null
                    && (router != null || !m.containsKey("router")) && (pool != null || !m.containsKey("pool"))
                    && (domain != null || !m.containsKey("domain"));
            if (net != null) {
                if (router != null && !net.contains(router)) {
                    problem(m.get("router").value, where + ".router: " + router.getHostAddress() + " is outside the subnet " + net);
                    good = false;
                }
                if (pool != null && !(net.contains(pool.first()) && net.contains(pool.last()))) {
                    problem(m.get("pool").value, where + ".pool: " + pool + " is not inside the subnet " + net);
                    good = false;
                }
                for (var other : seen) {
                    if (net.contains(other.getKey().network()) || other.getKey().contains(net.network())) {
                        problem(m.get("subnet").value, where + ".subnet: " + net + " overlaps " + other.getKey() + " of "
                                + other.getValue() + " (expected: subnets that share no address)");
                        good = false;
                    }
                }
                seen.add(Map.entry(net, where + " (line " + line(m.get("subnet").value) + ")"));
            }
            if (!good) {
                ok = false;
                continue;
            }
            out.add(new SubnetSpec(name, net, router, dns, domain, lease, pool, options));
        }
        return ok ? out : null;
    }

    /**
     * A mapping of DHCP options: by name ({@code mtu: 9000}, {@code ntp-servers: [10.0.0.1]}) in
     * the option's own type, or by number with a type ({@code 252: { type: string, value: ... }}),
     * each parsed by bootnode-dhcp's {@link OptionValue}, so a value that does not fit is refused
     * here, at its line. Null if any is wrong.
     */
    private DhcpOptions options(Entry entry, String where) {
        DhcpOptions.Builder b = DhcpOptions.builder();
        Map<Integer, String> codes = new HashMap<>();
        boolean ok = entry.value instanceof MappingNode;
        for (var e : mapping(entry.value, where, null).entrySet()) {
            String key = e.getKey();
            String what = where + "." + key;
            Entry opt = e.getValue();
            Node at = opt.value;
            OptionValue v;
            try {
                if (opt.value instanceof MappingNode) {
                    Map<String, Entry> typed = mapping(opt.value, what, TYPED_OPTION);
                    String type = required(typed, "type", what + ".type", opt.key, t -> t);
                    String text = typed.containsKey("value") ? optionText(typed.get("value"), what + ".value") : null;
                    if (!typed.containsKey("value")) {
                        problem(opt.key, what + ".value: missing");
                    }
                    if (type == null || text == null) {
                        ok = false;
                        continue;
                    }
                    if (!key.matches("[0-9]{1,3}")) {
                        problem(opt.key, what + ": a value with a type needs the option's number (expected: e.g. "
                                + "252: { type: string, value: ... })");
                        ok = false;
                        continue;
                    }
                    at = typed.get("value").value;
                    v = OptionValue.parse(Integer.parseInt(key), type, text);
                } else {
                    String text = optionText(opt, what);
                    if (text == null) {
                        ok = false;
                        continue;
                    }
                    v = OptionValue.parse(key, text);
                }
            } catch (IllegalArgumentException ex) {
                problem(at, what + ": " + ex.getMessage());
                ok = false;
                continue;
            }
            String before = codes.putIfAbsent(v.code(), key);
            if (before != null) {
                problem(opt.key, what + ": option " + v.code() + " is already set by " + before);
                ok = false;
                continue;
            }
            b.put(v);
        }
        return ok ? b.build() : null;
    }

    /** An option's text: a single value, or a list joined with commas (as OptionValue reads lists). */
    private String optionText(Entry entry, String what) {
        if (entry.value instanceof SequenceNode seq) {
            List<String> items = new ArrayList<>();
            for (Node item : seq.getValue()) {
                if (!(item instanceof ScalarNode s) || s.getValue().isBlank()) {
                    problem(item, what + ": expected single values in the list");
                    return null;
                }
                items.add(s.getValue().strip());
            }
            if (items.isEmpty()) {
                problem(entry.value, what + ": empty list (expected: at least one value)");
                return null;
            }
            return String.join(", ", items);
        }
        return scalar(entry, what);
    }

    /** A mapping of firmware class ({@code bios}, {@code uefi-arm64}...) to boot file; null if any is wrong. */
    private Map<BootFileClass, String> bootFiles(Entry entry, String where) {
        Map<BootFileClass, String> out = new EnumMap<>(BootFileClass.class);
        boolean ok = entry.value instanceof MappingNode;
        for (var e : mapping(entry.value, where, null).entrySet()) {
            BootFileClass cls;
            try {
                cls = BootFileClass.ofKey(e.getKey());
            } catch (IllegalArgumentException ex) {
                problem(e.getValue().key, "unknown key '" + e.getKey() + "' in " + where + " (expected one of: "
                        + String.join(", ", Arrays.stream(BootFileClass.values()).map(BootFileClass::key).toList()) + ")");
                ok = false;
                continue;
            }
            String what = where + "." + e.getKey();
            String file = scalar(e.getValue(), what);
            if (file == null) {
                ok = false;
                continue;
            }
            try {
                out.put(cls, bootFile(cls, file));
            } catch (IllegalArgumentException ex) {
                problem(e.getValue().value, what + ": " + detail(ex.getMessage()));
                ok = false;
            }
        }
        return ok ? out : null;
    }

    private Map<String, GroupSpec> readGroups(Node node, Map<String, ImageSpec> images, Set<String> names) {
        Map<String, GroupSpec> out = new LinkedHashMap<>();
        for (var e : mapping(node, "groups", null).entrySet()) {
            String name = e.getKey();
            Entry entry = e.getValue();
            try {
                BootConfig.checkName("group", name);
            } catch (IllegalArgumentException ex) {
                problem(entry.key, ex.getMessage());
                continue;
            }
            // Defined even when wrong below: its nodes need no second message.
            names.add(name);
            String where = "groups." + name;
            Map<String, Entry> m = mapping(entry.value, where, GROUP);
            readAssignment(m, where, name, groupOverlays);
            String image = value(m, "image", where + ".image", t -> t, null);
            if (image != null && !images.containsKey(image)) {
                problem(m.get("image").value, where + ".image: '" + image + "' is not defined under images"
                        + (images.isEmpty() ? "" : " (defined: " + String.join(", ", images.keySet()) + ")"));
                continue;
            }
            String cmdline = value(m, "cmdline", where + ".cmdline", ConfigReader::kernelCommandLine, "");
            DhcpOptions options = m.containsKey("options") ? options(m.get("options"), where + ".options") : DhcpOptions.empty();
            Map<BootFileClass, String> files = m.containsKey("boot-files") ? bootFiles(m.get("boot-files"), where + ".boot-files")
                    : Map.of();
            if ((image == null && m.containsKey("image")) || cmdline == null || options == null || files == null) {
                continue;
            }
            out.put(name, new GroupSpec(name, image, cmdline, options, files));
        }
        return out;
    }

    /**
     * The {@code overlays} section with the groups' and nodes' assignments read before it, or null:
     * each named overlay must be a folder under the root or built in.
     */
    private OverlaySection readOverlays(Entry section) {
        if (section == null) {
            if (!overlayNames.isEmpty()) {
                problem(overlayNames.get(0).getValue(), "overlays: no top-level overlays section says where they are"
                        + " (expected: overlays: { root: FOLDER } beside server)");
            }
            return null;
        }
        Map<String, Entry> map = mapping(section.value, "overlays", OVERLAYS);
        Path root = required(map, "root", "overlays.root", section.key, this::path);
        if (root != null && !Files.isDirectory(root)) {
            problem(map.get("root").value, "overlays.root: " + root + " is not a folder");
            root = null;
        }
        List<String> all = map.containsKey("all-nodes") ? overlayList(map.get("all-nodes"), "overlays.all-nodes") : List.of();
        Map<String, String> vars = map.containsKey("vars") ? vars(map.get("vars"), "overlays.vars") : Map.of();
        if (root == null || all == null || vars == null) {
            return null;
        }
        for (Map.Entry<String, Node> named : overlayNames) {
            String name = named.getKey();
            if (name.equals(OverlaySection.SSH_HOST_KEYS)) {
                if (Files.exists(root.resolve(name))) {
                    problem(named.getValue(), "overlays: " + root.resolve(name) + " has the name of the built-in overlay "
                            + name + " (expected: another name for the folder)");
                }
            } else if (!Files.isDirectory(root.resolve(name))) {
                problem(named.getValue(), "overlays: '" + name + "' is not a folder under overlays.root " + root
                        + " (or the built-in " + OverlaySection.SSH_HOST_KEYS + ")");
            }
        }
        return new OverlaySection(root, all, vars, groupOverlays, nodeOverlays);
    }

    /** A group's or node's {@code overlays:} and {@code vars:}, kept when either is given. */
    private void readAssignment(Map<String, Entry> map, String where, String name, Map<String, OverlaySection.Assignment> into) {
        if (!map.containsKey("overlays") && !map.containsKey("vars")) {
            return;
        }
        List<String> list = map.containsKey("overlays") ? overlayList(map.get("overlays"), where + ".overlays") : List.of();
        Map<String, String> vars = map.containsKey("vars") ? vars(map.get("vars"), where + ".vars") : Map.of();
        if (list != null && vars != null) {
            into.put(name, new OverlaySection.Assignment(list, vars));
        }
    }

    /** A list of overlay names (one name alone is a list of one); each is remembered for the check against the root. */
    private List<String> overlayList(Entry entry, String what) {
        List<Node> items = entry.value instanceof SequenceNode seq ? seq.getValue() : List.of(entry.value);
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (Node item : items) {
            if (!(item instanceof ScalarNode s) || !BootConfig.isName(s.getValue().strip())) {
                problem(item, what + ": " + (item instanceof ScalarNode s ? s.getValue() : "a non-name")
                        + " (expected: overlay names, folders under overlays.root: letters, digits, '.', '_', '-')");
                ok = false;
                continue;
            }
            String name = s.getValue().strip();
            out.add(name);
            overlayNames.add(Map.entry(name, item));
        }
        return ok ? out : null;
    }

    /** A mapping of variable names to text, for the overlays' templates. */
    private Map<String, String> vars(Entry entry, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        boolean ok = true;
        for (var e : mapping(entry.value, what, null).entrySet()) {
            if (!VAR_NAME.matcher(e.getKey()).matches()) {
                problem(e.getValue().key, what + ": variable name " + e.getKey()
                        + " (expected: letters, digits and '_', not starting with a digit; a template reads it as {{vars.NAME}})");
                ok = false;
                continue;
            }
            if (!(e.getValue().value instanceof ScalarNode s)) {
                problem(e.getValue().value, what + "." + e.getKey() + ": expected a single value");
                ok = false;
                continue;
            }
            out.put(e.getKey(), s.getValue());
        }
        return ok ? out : null;
    }

    private List<Inet4Address> addressList(Entry entry, String what) {
        if (entry == null) {
            return List.of();
        }
        List<Node> items = entry.value instanceof SequenceNode seq ? seq.getValue() : List.of(entry.value);
        List<Inet4Address> out = new ArrayList<>();
        boolean ok = true;
        for (Node item : items) {
            if (!(item instanceof ScalarNode s)) {
                problem(item, what + ": expected addresses");
                ok = false;
                continue;
            }
            try {
                out.add(address(s.getValue().strip()));
            } catch (IllegalArgumentException e) {
                problem(item, what + ": " + detail(e.getMessage()));
                ok = false;
            }
        }
        return ok ? out : null;
    }

    private TftpSection readTftp(Node node) {
        Map<String, Entry> map = mapping(node, "tftp", TFTP);
        Integer port = value(map, "port", "tftp.port", ConfigReader::port, TftpSection.DEFAULT_PORT);
        Path root = required(map, "root", "tftp.root", node, this::path);
        if (root != null && !Files.isDirectory(root)) {
            problem(map.get("root").value, "tftp.root: " + root + " is not a folder");
            return null;
        }
        // Each bound is checked by bootnode-tftp's own builder, so the ranges are stated once.
        TftpServerConfig d = TftpServerConfig.defaults();
        Integer max = value(map, "max-transfers", "tftp.max-transfers",
                t -> TftpServerConfig.builder().maxTransfers(integer(t)).build().maxTransfers(), d.maxTransfers());
        Integer perAddress = value(map, "max-transfers-per-address", "tftp.max-transfers-per-address",
                t -> TftpServerConfig.builder().maxTransfersPerClient(integer(t)).build().maxTransfersPerClient(),
                d.maxTransfersPerClient());
        Duration stall = value(map, "max-stall", "tftp.max-stall",
                t -> TftpServerConfig.builder().maxStall(duration(t)).build().maxStall(), d.maxStall());
        Duration total = value(map, "max-transfer-time", "tftp.max-transfer-time",
                t -> TftpServerConfig.builder().maxTransferTime(duration(t)).build().maxTransferTime(), d.maxTransferTime());
        Duration backoff = value(map, "max-backoff", "tftp.max-backoff",
                t -> TftpServerConfig.builder().maxBackoff(duration(t)).build().maxBackoff(), d.maxBackoff());
        Long packetCache = value(map, "packet-cache", "tftp.packet-cache",
                t -> TftpServerConfig.builder().packetCacheSize(size(t)).build().packetCacheSize(), d.packetCacheSize());
        if (port == null || root == null || max == null || perAddress == null || stall == null || total == null
                || backoff == null || packetCache == null) {
            return null;
        }
        return new TftpSection(port, root, max, perAddress, stall, total, backoff, packetCache);
    }

    private StoreSection readStore(Entry entry) {
        Map<String, Entry> map = mapping(entry.value, "store", STORE);
        if (!map.containsKey("postgres")) {
            problem(entry.key, "store: missing postgres (expected: store: { postgres: { url, user, password-file } },"
                    + " or no store section for the lease journal in server.data-dir)");
            return null;
        }
        Node node = map.get("postgres").value;
        Map<String, Entry> pg = mapping(node, "store.postgres", POSTGRES);
        String url = required(pg, "url", "store.postgres.url", map.get("postgres").key, ConfigReader::postgresUrl);
        String user = value(pg, "user", "store.postgres.user", t -> t, null);
        Path passwordFile = value(pg, "password-file", "store.postgres.password-file", this::path, null);
        if (passwordFile != null) {
            String wrong = passwordFileProblem(passwordFile);
            if (wrong != null) {
                problem(pg.get("password-file").value, "store.postgres.password-file: " + passwordFile + " " + wrong);
                return null;
            }
        }
        return url == null || (pg.containsKey("user") && user == null) || (pg.containsKey("password-file") && passwordFile == null)
                ? null : new StoreSection(new StoreSection.Postgres(url, user, passwordFile));
    }

    /**
     * {@code admin}: off loopback, both TLS and tokens are required (a token sent in the clear
     * is a token given away). The token file is read here too, its problems as its own FILE:LINE.
     */
    private AdminSection readAdmin(Entry entry) {
        Map<String, Entry> map = mapping(entry.value, "admin", ADMIN);
        List<InetSocketAddress> listen = new ArrayList<>();
        boolean ok = true;
        if (!map.containsKey("listen")) {
            listen.add(AdminSection.defaults().listen().get(0));
        } else if (map.get("listen").value instanceof SequenceNode seq && !seq.getValue().isEmpty()) {
            for (Node item : seq.getValue()) {
                if (!(item instanceof ScalarNode s)) {
                    problem(item, "admin.listen: expected host:port");
                    ok = false;
                    continue;
                }
                try {
                    InetSocketAddress a = listenAddress(s.getValue().strip());
                    if (listen.contains(a)) {
                        throw new IllegalArgumentException(s.getValue().strip() + " repeated");
                    }
                    listen.add(a);
                } catch (IllegalArgumentException e) {
                    problem(item, "admin.listen: " + detail(e.getMessage()));
                    ok = false;
                }
            }
        } else {
            problem(map.get("listen").value, "admin.listen: expected a list of host:port, e.g. [127.0.0.1:9080]");
            ok = false;
        }
        AdminSection.Tls tls = null;
        if (map.containsKey("tls")) {
            Map<String, Entry> t = mapping(map.get("tls").value, "admin.tls", TLS);
            Path certificate = required(t, "certificate", "admin.tls.certificate", map.get("tls").key, this::path);
            Path key = required(t, "key", "admin.tls.key", map.get("tls").key, this::path);
            if (certificate != null && !Files.isRegularFile(certificate)) {
                problem(t.get("certificate").value, "admin.tls.certificate: " + certificate + " does not exist");
                certificate = null;
            }
            String wrong = key == null ? null : Tokens.permissionProblem(key);
            if (wrong != null) {
                problem(t.get("key").value, "admin.tls.key: " + wrong);
                key = null;
            }
            ok &= certificate != null && key != null;
            tls = ok ? new AdminSection.Tls(certificate, key) : null;
        }
        Path tokens = map.containsKey("tokens") ? value(map, "tokens", "admin.tokens", this::path, null) : null;
        if (tokens != null) {
            try {
                Tokens.read(tokens);
            } catch (ConfigException e) {
                problems.addAll(e.problems());
                ok = false;
            }
        } else if (map.containsKey("tokens")) {
            ok = false;
        }
        if (ok && listen.stream().anyMatch(a -> !a.getAddress().isLoopbackAddress()) && (tls == null || tokens == null)) {
            problem(map.containsKey("listen") ? map.get("listen").key : entry.key,
                    "admin.listen: an address off loopback needs both admin.tls and admin.tokens"
                    + " (the API can change every node; tokens in the clear are tokens given away)");
            ok = false;
        }
        return ok ? new AdminSection(listen, tls, tokens) : null;
    }

    /** {@code a.b.c.d:port} or {@code [v6]:port}, literals only (never a name lookup). */
    static InetSocketAddress listenAddress(String text) {
        String expected = "listen: " + text + " (expected: ADDRESS:PORT, the address a.b.c.d or [IPv6],"
                + " the port 0..65535, e.g. 127.0.0.1:9080)";
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(expected);
        }
        String host = text.substring(0, colon);
        try {
            int port = port(text.substring(colon + 1));
            if (host.startsWith("[") && host.endsWith("]") && host.substring(1, host.length() - 1).matches("[0-9A-Fa-f:.]+")) {
                // A literal: getByName parses it and looks nothing up.
                return new InetSocketAddress(InetAddress.getByName(host.substring(1, host.length() - 1)), port);
            }
            return new InetSocketAddress(address(host), port);
        } catch (IllegalArgumentException | UnknownHostException e) {
            throw new IllegalArgumentException(expected, e);
        }
    }

    /**
     * What is wrong with a password file, or null: it must be a readable regular file that
     * others cannot read (as ssh refuses a private key that others can read, and for the same reason).
     */
    private static String passwordFileProblem(Path file) {
        if (!Files.exists(file)) {
            return "does not exist";
        }
        if (!Files.isRegularFile(file)) {
            return "is not a regular file";
        }
        if (!Files.isReadable(file)) {
            return "cannot be read by this user";
        }
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.contains(PosixFilePermission.OTHERS_READ)) {
                return "can be read by every user (expected: chmod 600 or 640, for the server's user and group only)";
            }
        } catch (UnsupportedOperationException | IOException e) {
            return null; // no POSIX permissions here: nothing to check
        }
        return null;
    }

    /** A PostgreSQL JDBC URL without a password: the password belongs in password-file. Never echoed back. */
    static String postgresUrl(String text) {
        if (!text.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("url: not a PostgreSQL JDBC URL (expected: jdbc:postgresql://host[:port]/database)");
        }
        if (text.toLowerCase(Locale.ROOT).contains("password=")) {
            throw new IllegalArgumentException("url: holds a password (expected: the password in store.postgres.password-file,"
                    + " out of the configuration and of process lists)");
        }
        if (text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("url: has a control character");
        }
        return text;
    }

    private static int integer(String text) {
        if (!text.matches("-?[0-9]{1,9}")) {
            throw new IllegalArgumentException("number: " + text + " (expected: a whole number)");
        }
        return Integer.parseInt(text);
    }

    private HttpSection readHttp(Node node) {
        Map<String, Entry> map = mapping(node, "http", HTTP);
        Integer port = value(map, "port", "http.port", ConfigReader::port, HttpSection.DEFAULT_PORT);
        Integer max = value(map, "max-connections", "http.max-connections",
                t -> positive(t, 1_000_000), HttpSection.DEFAULT_MAX_CONNECTIONS);
        Duration idle = value(map, "idle-timeout", "http.idle-timeout", ConfigReader::duration, HttpSection.DEFAULT_IDLE_TIMEOUT);
        Integer sendBuffer = value(map, "send-buffer", "http.send-buffer", ConfigReader::bytes, HttpSection.DEFAULT_SEND_BUFFER);
        Duration header = value(map, "header-timeout", "http.header-timeout", ConfigReader::duration,
                HttpSection.DEFAULT_HEADER_TIMEOUT);
        Integer perAddress = value(map, "max-connections-per-address", "http.max-connections-per-address",
                t -> positive(t, 1_000_000), HttpSection.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS);
        Integer unsent = value(map, "unsent-limit", "http.unsent-limit", ConfigReader::bytes, HttpSection.DEFAULT_UNSENT_LIMIT);
        Integer threads = value(map, "threads", "http.threads", t -> atMost(t, 256, "the default"), HttpSection.DEFAULT_THREADS);
        return port == null || max == null || idle == null || sendBuffer == null || header == null || perAddress == null
                || unsent == null || threads == null ? null
                : new HttpSection(port, max, idle, sendBuffer, header, perAddress, unsent, threads);
    }

    private ImageSpec readImage(String name, Entry entry) {
        try {
            BootConfig.checkName("image", name);
        } catch (IllegalArgumentException e) {
            problem(entry.key, e.getMessage());
            return null;
        }
        String where = "images." + name;
        Map<String, Entry> map = mapping(entry.value, where, IMAGE);
        Path kernel = required(map, "kernel", where + ".kernel", entry.key, this::path);
        Path initrd = required(map, "initrd", where + ".initrd", entry.key, this::path);
        String cmdline = value(map, "cmdline", where + ".cmdline", ConfigReader::kernelCommandLine, "");
        for (var f : List.of(Map.entry("kernel", Optional.ofNullable(kernel)), Map.entry("initrd", Optional.ofNullable(initrd)))) {
            Path p = f.getValue().orElse(null);
            if (p != null && !Files.isRegularFile(p)) {
                // Reported, but the image still counts as defined: its nodes need no second message.
                problem(map.get(f.getKey()).value, where + "." + f.getKey() + ": " + p
                        + (Files.exists(p) ? " is not a regular file" : " does not exist"));
            } else if (p != null && isEmpty(p)) {
                // An empty file boots nothing: iPXE would fetch it and the kernel fail far from here.
                problem(map.get(f.getKey()).value, where + "." + f.getKey() + ": " + p + " is empty (0 bytes)");
            }
        }
        return kernel == null || initrd == null || cmdline == null ? null : new ImageSpec(name, kernel, initrd, cmdline);
    }

    private static boolean isEmpty(Path file) {
        try {
            return Files.size(file) == 0;
        } catch (IOException e) {
            return false; // unreadable: the server says so when it opens the file
        }
    }

    /** The nodes of one node file ({@code nodes:} as in the main file, nothing else); problems name that file. */
    private List<NodeSpec> readNodeFile(Path f, Map<String, ImageSpec> images, Map<String, GroupSpec> groups,
            Set<String> groupNames, DhcpSection dhcp, Map<String, Entry> dhcpMap, ServerSection server) {
        String text;
        if (nodeFileTexts.containsKey(f)) {
            text = nodeFileTexts.get(f);
            if (text == null) {
                return List.of(); // removed by the change being checked
            }
        } else {
            try {
                text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(f))).toString();
            } catch (CharacterCodingException e) {
                problems.add(new ConfigProblem(f, 1, "not UTF-8 text"));
                return List.of();
            } catch (IOException e) {
                problems.add(new ConfigProblem(f, 0, "cannot read: " + e));
                return List.of();
            }
        }
        Optional<Node> root;
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(f.toString()).setAllowRecursiveKeys(false)
                    .setMaxAliasesForCollections(10).setCodePointLimit(4 * 1024 * 1024).build();
            root = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(1);
            problems.add(new ConfigProblem(f, line, "not valid YAML: " + e.getProblem()));
            return List.of();
        } catch (YamlEngineException e) {
            problems.add(new ConfigProblem(f, 1, "not valid YAML: " + e.getMessage()));
            return List.of();
        }
        if (root.isEmpty()) {
            return List.of(); // an empty node file holds no nodes
        }
        Map<String, Entry> top = mapping(root.get(), "a node file", NODE_FILE);
        if (!top.containsKey("nodes")) {
            return List.of();
        }
        return readNodes(top.get("nodes").value, images, groups, groupNames, dhcp, dhcpMap, server);
    }

    /** Where each node read so far is defined, and which names, MACs and addresses are taken. */
    private static final class NodeIndex {
        final Map<MacAddress, String> macs = new HashMap<>();
        final Map<Inet4Address, String> ips = new HashMap<>();
        final Map<String, ConfigProblem> where = new HashMap<>();
    }

    /** Where node {@code name} is defined, for a message in the file being read: {@code line N} or {@code FILE:N}. */
    private String where(String name) {
        ConfigProblem at = index.where.get(name);
        return at == null ? "?" : at.file().equals(file) ? "line " + at.line() : at.file() + ":" + at.line();
    }

    private List<NodeSpec> readNodes(Node node, Map<String, ImageSpec> images, Map<String, GroupSpec> groups,
            Set<String> groupNames, DhcpSection dhcp, Map<String, Entry> dhcpMap, ServerSection server) {
        List<NodeSpec> out = new ArrayList<>();
        List<SubnetSpec> subnets = dhcp == null ? List.of() : dhcp.allSubnets();
        Map<MacAddress, String> macs = index.macs;
        Map<Inet4Address, String> ips = index.ips;
        for (var e : mapping(node, "nodes", null).entrySet()) {
            String name = e.getKey();
            Entry entry = e.getValue();
            try {
                BootConfig.checkName("node", name);
            } catch (IllegalArgumentException ex) {
                problem(entry.key, ex.getMessage());
                continue;
            }
            if (index.where.containsKey(name)) {
                problem(entry.key, "node " + name + " is already defined (" + where(name) + ")");
                continue;
            }
            index.where.put(name, new ConfigProblem(file, line(entry.key), ""));
            String where = "nodes." + name;
            Map<String, Entry> map = mapping(entry.value, where, NODE);
            readAssignment(map, where, name, nodeOverlays);
            MacAddress mac = required(map, "mac", where + ".mac", entry.key, ConfigReader::nodeMac);
            Inet4Address ip = value(map, "ip", where + ".ip", ConfigReader::address, null);
            String image = value(map, "image", where + ".image", t -> t, null);
            String groupName = value(map, "group", where + ".group", t -> t, null);
            GroupSpec group = groupName == null ? null : groups.get(groupName);
            boolean groupOk = groupName != null ? groupNames.contains(groupName) : !map.containsKey("group");
            if (groupName != null && !groupNames.contains(groupName)) {
                problem(map.get("group").value, where + ".group: '" + groupName + "' is not defined under groups"
                        + (groupNames.isEmpty() ? "" : " (defined: " + String.join(", ", groupNames) + ")"));
            }
            String cmdline = value(map, "cmdline", where + ".cmdline", ConfigReader::kernelCommandLine, "");
            DhcpOptions options = map.containsKey("options") ? options(map.get("options"), where + ".options")
                    : DhcpOptions.empty();
            Map<BootFileClass, String> files = map.containsKey("boot-files")
                    ? bootFiles(map.get("boot-files"), where + ".boot-files") : Map.of();
            if (image == null && !map.containsKey("image")) {
                if (group != null && group.image() != null) {
                    image = group.image();
                } else if (groupOk && (groupName == null || group != null)) {
                    problem(entry.key, where + ".image: missing" + (group != null ? " (its group " + groupName
                            + " names no image either)" : ""));
                }
            }
            if (mac != null) {
                String other = macs.putIfAbsent(mac, name);
                if (other != null) {
                    problem(map.get("mac").value, where + ".mac: " + mac + " is already used by " + other
                            + " (" + where(other) + ")");
                }
            }
            if (ip != null) {
                Node at = map.get("ip").value;
                String other = ips.putIfAbsent(ip, name);
                if (other != null) {
                    problem(at, where + ".ip: " + ip.getHostAddress() + " is already used by " + other
                            + " (" + where(other) + ")");
                }
                if (server != null && ip.equals(server.address())) {
                    problem(at, where + ".ip: " + ip.getHostAddress() + " is the server's own address");
                }
                SubnetSpec home = null;
                for (SubnetSpec s : subnets) {
                    if (s.subnet().contains(ip)) {
                        home = s;
                        break;
                    }
                }
                String which = home == null || home.name().equals(DhcpSection.MAIN_SUBNET) ? "the dhcp subnet"
                        : "the subnet " + home.name();
                if (home == null && subnets.size() == 1) {
                    problem(at, where + ".ip: " + ip.getHostAddress() + " is outside the dhcp subnet " + subnets.get(0).subnet());
                } else if (home == null && !subnets.isEmpty()) {
                    problem(at, where + ".ip: " + ip.getHostAddress() + " fits no dhcp subnet (expected: inside one of "
                            + String.join(", ", subnets.stream().map(s -> s.name() + " " + s.subnet()).toList()) + ")");
                } else if (home != null && !home.subnet().isHost(ip)) {
                    problem(at, where + ".ip: " + ip.getHostAddress() + " is the " + (ip.equals(home.subnet().network())
                            ? "network" : "broadcast") + " address of " + which + " " + home.subnet() + " (expected: a host address)");
                }
                if (home != null && home.pool() != null && home.pool().contains(ip)) {
                    problem(at, where + ".ip: " + ip.getHostAddress() + " is inside the " + (home.name().equals(DhcpSection.MAIN_SUBNET)
                            ? "dhcp pool " : "pool of subnet " + home.name() + " ") + home.pool()
                            + " (line " + poolLines.getOrDefault(home.name(), 0) + "); a reservation must lie outside the pool");
                }
            }
            if (image != null && !images.containsKey(image)) {
                problem(map.get("image").value, where + ".image: '" + image + "' is not defined under images"
                        + (images.isEmpty() ? "" : " (defined: " + String.join(", ", images.keySet()) + ")"));
                image = null;
            }
            if (mac != null && image != null && (ip != null || !map.containsKey("ip")) && groupOk && (groupName == null || group != null)
                    && cmdline != null && options != null && files != null) {
                out.add(new NodeSpec(name, mac, ip, image, group, cmdline, options, files));
                if (keepDefinitions && plain(entry.value) instanceof Map<?, ?> definition) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> fields = (Map<String, Object>) definition;
                    definitions.put(name, fields);
                }
            }
        }
        return out;
    }

    /**
     * A YAML value as plain data, as the file has it: every scalar as its text, sequences as
     * lists, mappings as maps in file order (their keys already checked to be plain text).
     */
    private static Object plain(Node node) {
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        if (node instanceof SequenceNode seq) {
            List<Object> out = new ArrayList<>(seq.getValue().size());
            seq.getValue().forEach(n -> out.add(plain(n)));
            return List.copyOf(out);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) {
                    out.put(k.getValue(), plain(t.getValueNode()));
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    // ---- scalar parsers, each throwing IllegalArgumentException worded "what: value (expected: ...)"

    private Path path(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("path: has a NUL character");
        }
        return base.resolve(text).normalize();
    }

    /**
     * Parses {@code a.b.c.d} with each part 0..255 and no leading zeros (which some tools read
     * as octal); never a name lookup.
     */
    static Inet4Address address(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length == 4) {
            byte[] bytes = new byte[4];
            boolean ok = true;
            for (int i = 0; i < 4 && ok; i++) {
                int n = octet(parts[i]);
                ok = n >= 0;
                bytes[i] = (byte) n;
            }
            if (ok) {
                try {
                    return (Inet4Address) InetAddress.getByAddress(bytes);
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("four bytes are an address", e);
                }
            }
        }
        throw new IllegalArgumentException("address: " + text + " (expected: a.b.c.d)");
    }

    /** 0..255 written without leading zeros, else -1 (by hand: 10,000 nodes' addresses are read at each start). */
    private static int octet(String part) {
        int len = part.length();
        if (len == 0 || len > 3 || (len > 1 && part.charAt(0) == '0')) {
            return -1;
        }
        int n = 0;
        for (int i = 0; i < len; i++) {
            char c = part.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n <= 255 ? n : -1;
    }

    /** Parses {@code a.b.c.d/n}; a host bit set is an error (bootnode-dhcp's {@link Subnet} would clear it). */
    static Subnet subnet(String text) {
        int slash = text.indexOf('/');
        if (slash < 0 || !text.substring(slash + 1).matches("[0-9]{1,2}") || Integer.parseInt(text.substring(slash + 1)) > 32) {
            throw new IllegalArgumentException("subnet: " + text + " (expected: a.b.c.d/n, e.g. 10.0.0.0/24)");
        }
        Inet4Address address = address(text.substring(0, slash));
        Subnet subnet = new Subnet(address, Integer.parseInt(text.substring(slash + 1)));
        if (!subnet.network().equals(address)) {
            throw new IllegalArgumentException("subnet: " + text + " has host bits set (expected: the network address, e.g. "
                    + subnet + ")");
        }
        return subnet;
    }

    /** Parses {@code a.b.c.d-e.f.g.h}, the first address not above the last. */
    static AddressRange range(String text) {
        int dash = text.indexOf('-');
        if (dash < 0) {
            throw new IllegalArgumentException("range: " + text + " (expected: first-last, e.g. 10.0.0.100-10.0.0.199)");
        }
        Inet4Address first = address(text.substring(0, dash).strip());
        Inet4Address last = address(text.substring(dash + 1).strip());
        if (Arrays.compareUnsigned(first.getAddress(), last.getAddress()) > 0) {
            throw new IllegalArgumentException("range: " + text + " (expected: the first address not above the last)");
        }
        return new AddressRange(first, last);
    }

    static int port(String text) {
        if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) > 65535) {
            throw new IllegalArgumentException("port: " + text + " (expected: 0..65535, 0 for any free port)");
        }
        return Integer.parseInt(text);
    }

    /** DHCP clients send to a port they know: no "any free port" here, unlike TFTP and HTTP. */
    static int dhcpPort(String text) {
        if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw new IllegalArgumentException("port: " + text + " (expected: 1..65535; clients send to a fixed port, 67)");
        }
        return Integer.parseInt(text);
    }

    private static int positive(String text, int max) {
        if (!text.matches("[0-9]{1,9}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > max) {
            throw new IllegalArgumentException("number: " + text + " (expected: 1.." + max + ")");
        }
        return Integer.parseInt(text);
    }

    /** A whole number from 0 to {@code max}, 0 meaning {@code zero}. */
    private static int atMost(String text, int max, String zero) {
        if (!text.matches("[0-9]{1,9}") || Integer.parseInt(text) > max) {
            throw new IllegalArgumentException("number: " + text + " (expected: 0.." + max + ", 0 for " + zero + ")");
        }
        return Integer.parseInt(text);
    }

    /** A size in bytes: {@code 524288}, {@code 512k}, {@code 1m} (binary units), at most 64 MiB; 0 allowed. */
    static int bytes(String text) {
        var m = Pattern.compile("([0-9]{1,9})([kKmM]?)").matcher(text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1)) * switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "k" -> 1024L;
                case "m" -> 1024L * 1024;
                default -> 1L;
            };
            if (n <= 64L * 1024 * 1024) {
                return (int) n;
            }
        }
        throw new IllegalArgumentException("size: " + text + " (expected: bytes like 524288, 512k or 1m; at most 64m; 0 for the kernel's default)");
    }

    /** A size in bytes: {@code 67108864}, {@code 65536k}, {@code 64m}, {@code 1g} (binary units); the range is the caller's. */
    static long size(String text) {
        var m = Pattern.compile("([0-9]{1,12})([kKmMgG]?)").matcher(text);
        if (m.matches()) {
            return Long.parseLong(m.group(1)) * switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "k" -> 1024L;
                case "m" -> 1024L * 1024;
                case "g" -> 1024L * 1024 * 1024;
                default -> 1L;
            };
        }
        throw new IllegalArgumentException("size: " + text + " (expected: bytes like 67108864, 64m or 1g)");
    }

    static boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("value: " + text + " (expected: true or false)");
        };
    }

    /**
     * Parses {@code 12h}, {@code 30m}, {@code 90s}, {@code 2d}, combinations like {@code 1h30m},
     * or bare seconds.
     */
    static Duration duration(String text) {
        if (text.matches("[0-9]{1,9}")) {
            return positiveDuration(Duration.ofSeconds(Long.parseLong(text)), text);
        }
        Matcher m = DURATION_PART.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            end = m.end();
        }
        if (end == 0 || end != text.length()) {
            throw new IllegalArgumentException("duration: " + text + " (expected: like 12h, 30m, 90s, 1h30m or seconds)");
        }
        return positiveDuration(total, text);
    }

    /** A duration that DHCP can carry: see {@link DhcpSection#MAX_LEASE_TIME}. */
    static Duration leaseTime(String text) {
        Duration d = duration(text);
        if (d.compareTo(DhcpSection.MAX_LEASE_TIME) > 0) {
            throw new IllegalArgumentException("duration: " + text + " (expected: at most " + DhcpSection.MAX_LEASE_TIME.getSeconds()
                    + " seconds, about 136 years: DHCP carries the lease time in 32 bits)");
        }
        return d;
    }

    /**
     * A boot file: a name in the TFTP root ({@code snponly-arm64.efi}, {@code arm64/ipxe.efi}) of
     * at most 127 bytes (BOOTP's {@code file} field holds 128 with its NUL, RFC 951); for the
     * HTTP boot classes also an absolute {@code http://} URL.
     */
    static String bootFile(BootFileClass cls, String text) {
        if (cls.isHttp() && text.startsWith("http://")) {
            if (!text.matches("http://[\\x21-\\x7e]{1,247}") || text.contains("\"")) {
                throw new IllegalArgumentException("boot-file: " + text + " (expected: an http:// URL of at most 254 characters,"
                        + " no blanks or quotes)");
            }
            return text;
        }
        if (!text.matches("[A-Za-z0-9._+-][A-Za-z0-9._+/-]{0,126}") || Arrays.asList(text.split("/")).contains("..")) {
            throw new IllegalArgumentException("boot-file: " + text + " (expected: a file name in the TFTP root, like "
                    + "snponly.efi, at most 127 characters, no '..'" + (cls.isHttp() ? "; or an http:// URL" : "") + ")");
        }
        return text;
    }

    /** A node's MAC: six hex pairs, one station's address (neither multicast nor all zeros). */
    static MacAddress nodeMac(String text) {
        MacAddress mac = MacAddress.parseEthernet(text);
        NodeSpec.checkUnicast(mac);
        return mac;
    }

    private static Duration positiveDuration(Duration d, String text) {
        if (d.isZero()) {
            throw new IllegalArgumentException("duration: " + text + " (expected: more than 0)");
        }
        return d;
    }

    private static Duration declineProbation(String text) {
        Duration d = duration(text);
        if (d.compareTo(DhcpSection.MAX_DECLINE_PROBATION) > 0) {
            throw new IllegalArgumentException("duration: " + text + " (expected: at most 1d)");
        }
        return d;
    }

    private static JournalDamage journalDamage(String text) {
        return switch (text) {
            case "keep-aside" -> JournalDamage.KEEP_ASIDE;
            case "refuse" -> JournalDamage.REFUSE;
            default -> throw new IllegalArgumentException("value: " + text + " (expected: keep-aside or refuse)");
        };
    }

    private static UnknownClients unknownClients(String text) {
        return switch (text) {
            case "ignore" -> UnknownClients.IGNORE;
            case "pool" -> UnknownClients.POOL;
            default -> throw new IllegalArgumentException("value: " + text + " (expected: ignore or pool)");
        };
    }

    private static String interfaceName(String text) {
        if (!text.matches("[A-Za-z0-9._@-]{1,15}")) {
            throw new IllegalArgumentException("interface: " + text + " (expected: an interface name of at most 15 characters)");
        }
        return text;
    }

    private static String domain(String text) {
        if (!text.matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*") || text.length() > 253) {
            throw new IllegalArgumentException("domain: " + text + " (expected: a domain name like cluster.local)");
        }
        return text;
    }

    /** One line that iPXE reads back word for word (no ${...} it would expand, no separators it would split on). */
    private static String kernelCommandLine(String text) {
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("cmdline: has a line break (expected: one line)");
        }
        String words = text.strip().replaceAll("[ \\t]+", " ");
        BootTarget.of("http://h/kernel", "http://h/initrd", words);
        return words;
    }
}
