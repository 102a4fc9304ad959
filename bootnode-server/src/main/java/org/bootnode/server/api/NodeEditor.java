package org.bootnode.server.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.lease.Lease;
import org.bootnode.server.bridge.DhcpService;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.ConfigException;
import org.bootnode.server.config.ConfigProblem;
import org.bootnode.server.config.FileNodeStore;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.config.NodeStore;
import org.bootnode.server.config.SubnetSpec;
import org.bootnode.server.inventory.Inventory;
import org.bootnode.server.inventory.UnknownMacs;
import org.bootnode.server.log.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node changes through the API, kept in a {@link NodeStore}: the node files, or the database
 * that servers sharing {@code store: postgres} keep their nodes in. Each change, under the one
 * lock that SIGHUP's reload takes too:
 *
 * <ol>
 *   <li>reads the whole configuration again, with the store's nodes as they are now, so that an
 *       edit made in a file (or on another server) and not yet reloaded is the base of the
 *       change, never overwritten by an older view;
 *   <li>refuses a node the store does not keep (the main file, a node file the API does not
 *       write: 409), and a stale {@code If-Match} (412);
 *   <li>reads the configuration once more with the change applied: every rule of
 *       {@code config check} applies (names, duplicate MACs and addresses, an address outside
 *       every subnet, unknown groups and images), and a problem is a 400 naming the field, with
 *       nothing written;
 *   <li>writes the change ({@link NodeStore#put}, {@link NodeStore#remove}: an atomic file, or
 *       one transaction) and reloads the server with the configuration just checked; should the
 *       running DHCP server refuse it, the node is put back as it was (400). A store changed by
 *       another server since step 1 writes nothing ({@link NodeStore.StaleException}): the
 *       change starts again from step 1, a few times at most.
 * </ol>
 *
 * Disk and database work: runs on the API's own thread, never on an event loop.
 */
final class NodeEditor {
    private static final Logger log = LoggerFactory.getLogger(NodeEditor.class);
    /** {@code nodes.NAME.FIELD: ...} or {@code unknown key 'FIELD' in nodes.NAME}. */
    private static final Pattern FIELD = Pattern.compile("^nodes\\.[^.:]+\\.([a-z-]+)");
    private static final Pattern UNKNOWN_KEY = Pattern.compile("^unknown key '([^']{1,64})' in nodes\\.");
    /** The most addresses looked at when picking one for an adopted node. */
    private static final int MAX_PICK = 1 << 16;
    /** How many times a change starts again when another server changed the store under it. */
    private static final int MAX_ATTEMPTS = 5;

    /** What a change did: the status to answer and the node as it is now (null when removed). */
    record Done(HttpResponseStatus status, NodeSpec node, Inventory inventory) {}

    private final NodeStore store;
    private final Path main;
    private final Object lock;
    private final Consumer<BootConfig> apply;
    private final UnknownMacs unknown;
    private final Supplier<DhcpService> dhcp;
    private final Supplier<Inventory> inventory;

    /**
     * @param store where the API's nodes are kept
     * @param main the main configuration file
     * @param lock the lock SIGHUP's reload takes
     * @param apply reloads the server with a checked configuration; throws
     *     {@link IllegalArgumentException} when the running DHCP server refuses it
     */
    NodeEditor(NodeStore store, Path main, Object lock, Consumer<BootConfig> apply, UnknownMacs unknown,
            Supplier<DhcpService> dhcp, Supplier<Inventory> inventory) {
        this.store = store;
        this.main = main;
        this.lock = lock;
        this.apply = apply;
        this.unknown = unknown;
        this.dhcp = dhcp;
        this.inventory = inventory;
    }

    Done add(byte[] body) {
        NodeInput input = Json.read(body, NodeInput.class);
        String name = name(input.name());
        return retrying(() -> {
            BootConfig fresh = fresh();
            if (fresh.nodes().containsKey(name)) {
                throw ApiException.badField("name", "node " + name + " is already defined in " + where(fresh, name));
            }
            ownFile(fresh, name);
            return commit(input.stored(name), name, HttpResponseStatus.CREATED);
        });
    }

    Done replace(String name, byte[] body, String ifMatch) {
        NodeInput input = Json.read(body, NodeInput.class);
        if (input.name() != null && !input.name().equals(name)) {
            throw ApiException.badField("name", "not the node's name (" + LogText.escape(name) + "): a node is renamed by adding it anew");
        }
        return retrying(() -> {
            BootConfig fresh = fresh();
            NodeSpec node = existing(fresh, name, ifMatch);
            return commit(input.stored(node.name()), node.name(), HttpResponseStatus.OK);
        });
    }

    Done remove(String name, String ifMatch) {
        return retrying(() -> {
            BootConfig fresh = fresh();
            NodeSpec node = existing(fresh, name, ifMatch);
            NodeStore.Change change = new NodeStore.Change(node.name(), null);
            write(change, check(change));
            return new Done(HttpResponseStatus.NO_CONTENT, null, inventory.get());
        });
    }

    Done adopt(String macText, byte[] body) {
        NodeInput.Adoption input = Json.read(body, NodeInput.Adoption.class);
        MacAddress mac = Documents.mac(macText).orElseThrow(() -> ApiException.badField("mac", "not a MAC address"));
        String name = name(input.name());
        UnknownMacs.Heard heard = unknown.get(mac).orElseThrow(() -> new ApiException(HttpResponseStatus.NOT_FOUND,
                "no unknown MAC " + mac + " was heard", null));
        return retrying(() -> {
            BootConfig fresh = fresh();
            if (fresh.node(mac).isPresent()) {
                throw ApiException.badField("mac", mac + " is node " + fresh.node(mac).get().name() + " already");
            }
            if (fresh.nodes().containsKey(name)) {
                throw ApiException.badField("name", "node " + name + " is already defined in " + where(fresh, name));
            }
            ownFile(fresh, name);
            String ip = input.ip() != null ? input.ip() : pick(fresh, heard.subnet()).getHostAddress();
            NodeInput node = new NodeInput(name, mac.toString(), ip, input.group(), input.image(), null, null, null, null, null);
            Done done = commit(node.stored(name), name, HttpResponseStatus.CREATED);
            unknown.forget(mac);
            return done;
        });
    }

    // --- the steps --------------------------------------------------------------------------

    private static String name(String name) {
        if (name == null) {
            throw ApiException.badField("name", "missing");
        }
        if (!BootConfig.isName(name)) {
            throw ApiException.badField("name", "not a host name: letters, digits, '.', '_', '-', starting with a letter"
                    + " or digit, at most 63");
        }
        return name;
    }

    /** Another server changed the store between the read and the write: start again. */
    private static final class Stale extends RuntimeException {
        Stale(NodeStore.StaleException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /** Runs {@code change} under the lock, again while another server's change overtakes it, a few times at most. */
    private Done retrying(Supplier<Done> change) {
        synchronized (lock) {
            for (int attempt = 1; ; attempt++) {
                try {
                    return change.get();
                } catch (Stale e) {
                    if (attempt == MAX_ATTEMPTS) {
                        log.warn("api: node store: {}, {} times: giving up", LogText.escape(e.getMessage()), attempt);
                        throw new ApiException(HttpResponseStatus.SERVICE_UNAVAILABLE, "the nodes kept changing on other"
                                + " servers while this change was checked: try again", null);
                    }
                }
            }
        }
    }

    /** The configuration as the files and the store hold it now. */
    private BootConfig fresh() {
        try {
            return store.read(main, null);
        } catch (IOException e) {
            throw failed(e);
        } catch (ConfigException e) {
            ConfigProblem first = e.problems().get(0);
            throw new ApiException(HttpResponseStatus.CONFLICT, "the configuration on disk has " + e.problems().size()
                    + " problem(s), fix them first: " + LogText.escape(first.toString()), null);
        }
    }

    private NodeSpec existing(BootConfig fresh, String name, String ifMatch) {
        NodeSpec node = fresh.nodes().get(name);
        if (node == null) {
            node = Documents.mac(name).flatMap(fresh::node).orElse(null);
        }
        if (node == null) {
            throw new ApiException(HttpResponseStatus.NOT_FOUND, "no node " + LogText.escape(name), null);
        }
        Path origin = fresh.nodeOrigin(node.name()).orElse(main);
        if (!origin.equals(store.originOf(node.name()))) {
            throw new ApiException(HttpResponseStatus.CONFLICT, "node " + node.name() + " is defined in " + origin
                    + (origin.equals(main) ? ", the main configuration file" : ", a node file the API does not write")
                    + ": change it there, then SIGHUP", null);
        }
        String tag = ETags.of(node, fresh);
        if (!ETags.matches(ifMatch, tag)) {
            throw new ApiException(HttpResponseStatus.PRECONDITION_FAILED, "node " + node.name()
                    + " changed since it was read (If-Match " + LogText.escape(ifMatch) + ", now " + tag + ")", null);
        }
        ownFile(fresh, node.name());
        return node;
    }

    /** Refuses to write a node's own file (folder mode) when a hand-written one by that name holds other nodes. */
    private void ownFile(BootConfig fresh, String name) {
        if (!(store instanceof FileNodeStore files) || FileNodeStore.isSingleFile(files.location())) {
            return;
        }
        Path file = files.fileOf(name);
        for (String other : fresh.nodes().keySet()) {
            if (!other.equals(name) && fresh.nodeOrigin(other).map(file::equals).orElse(false)) {
                throw new ApiException(HttpResponseStatus.CONFLICT, file + " holds node " + other
                        + " too: the API writes a file of one node only", null);
            }
        }
    }

    private Done commit(NodeStore.StoredNode node, String name, HttpResponseStatus status) {
        NodeStore.Change change = new NodeStore.Change(name, node);
        write(change, check(change));
        Inventory now = inventory.get();
        return new Done(status, now.config().nodes().get(name), now);
    }

    /** The configuration with the change, checked by every rule of config check; 400 naming the field when it breaks one. */
    private BootConfig check(NodeStore.Change change) {
        try {
            return store.read(main, change);
        } catch (NodeStore.StaleException e) {
            throw new Stale(e);
        } catch (IOException e) {
            throw failed(e);
        } catch (ConfigException e) {
            Path origin = store.originOf(change.name());
            List<ConfigProblem> mine = e.problems().stream().filter(p -> origin.equals(p.file())).toList();
            ConfigProblem p = (mine.isEmpty() ? e.problems() : mine).get(0);
            throw ApiException.badField(field(p.message()), LogText.escape(p.message()));
        }
    }

    /** The JSON field a configuration problem is about. */
    static String field(String message) {
        Matcher m = FIELD.matcher(message);
        if (m.find()) {
            return m.group(1);
        }
        m = UNKNOWN_KEY.matcher(message);
        if (m.find()) {
            return LogText.escape(m.group(1));
        }
        return message.startsWith("node ") ? "name" : null;
    }

    private void write(NodeStore.Change change, BootConfig next) {
        String name = change.name();
        NodeStore.StoredNode before;
        try {
            before = store.loadAll().stream().filter(n -> n.name().equals(name)).findFirst().orElse(null);
            if (change.node() == null) {
                store.remove(name);
            } else {
                store.put(change.node());
            }
        } catch (NodeStore.StaleException e) {
            throw new Stale(e);
        } catch (IOException e) {
            throw failed(e);
        }
        try {
            apply.accept(next);
        } catch (IllegalArgumentException e) {
            try {
                if (before == null) {
                    store.remove(name);
                } else {
                    store.put(before);
                }
            } catch (IOException undo) {
                log.error("api: node {}: the running DHCP server refused the change and the node could not be put back: {}",
                        name, LogText.escape(undo.toString()));
            }
            throw ApiException.badField("ip", LogText.escape(e.getMessage()));
        }
        log.info("api: node {} {} {}", name, change.node() == null ? "removed from" : "written to", store.originOf(name));
    }

    private static ApiException failed(IOException e) {
        log.error("api: node store: {}", LogText.escape(e.toString()));
        return new ApiException(HttpResponseStatus.INTERNAL_SERVER_ERROR, "node store: " + LogText.escape(e.getMessage()), null);
    }

    private static String where(BootConfig config, String name) {
        return config.nodeOrigin(name).map(Path::toString).orElse("the configuration");
    }

    /**
     * A free address for a node adopted on {@code subnetName}: the lowest host address of that
     * subnet outside its pool (config check refuses a reservation inside the pool, which DHCP may
     * hand to another client) that is not the server's, the router's, a DNS server's, a node's,
     * nor leased now.
     */
    private Inet4Address pick(BootConfig fresh, String subnetName) {
        SubnetSpec subnet = fresh.dhcp().flatMap(d -> d.allSubnets().stream()
                .filter(s -> s.name().equals(subnetName) || s.subnet().toString().equals(subnetName)).findFirst())
                .orElseThrow(() -> ApiException.badField("ip", "heard on " + LogText.escape(subnetName)
                        + ", which names no dhcp subnet: give an address"));
        Set<Inet4Address> taken = new HashSet<>();
        taken.add(fresh.server().address());
        if (subnet.router() != null) {
            taken.add(subnet.router());
        }
        taken.addAll(subnet.dnsServers());
        fresh.nodes().values().stream().filter(n -> n.ip() != null).forEach(n -> taken.add(n.ip()));
        DhcpService d = dhcp.get();
        if (d != null) {
            Instant now = Instant.now();
            d.leases().stream().filter(l -> l.isActive(now)).map(Lease::address).forEach(taken::add);
        }
        int network = Addresses.value(subnet.subnet().network());
        int hosts = (int) Math.min(MAX_PICK, (1L << (32 - subnet.subnet().prefix())));
        for (int i = 1; i < hosts; i++) {
            Inet4Address a = Addresses.of(network + i);
            if (subnet.subnet().isHost(a) && !taken.contains(a) && (subnet.pool() == null || !subnet.pool().contains(a))) {
                return a;
            }
        }
        throw new ApiException(HttpResponseStatus.CONFLICT, "no free address outside the pool in " + subnet.subnet()
                + ": give one", "ip");
    }
}
