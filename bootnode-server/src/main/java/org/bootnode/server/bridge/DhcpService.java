package org.bootnode.server.bridge;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Collection;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.lease.Lease;
import org.bootnode.dhcp.lease.Reservation;
import org.bootnode.dhcp.lease.Subnet;
import org.bootnode.dhcp.lease.LeaseStore;
import org.bootnode.dhcp.pxe.BootFileClass;
import org.bootnode.dhcp.pxe.ClientArch;
import org.bootnode.dhcp.pxe.ClientKind;
import org.bootnode.dhcp.pxe.BootPolicy;
import org.bootnode.dhcp.pxe.DefaultBootPolicy;
import org.bootnode.dhcp.server.DhcpEvent;
import org.bootnode.dhcp.server.DhcpListener;
import org.bootnode.dhcp.server.DhcpServer;
import org.bootnode.dhcp.server.DhcpServerConfig;
import org.bootnode.dhcp.server.DhcpSubnet;
import org.bootnode.dhcp.server.IgnoreReason;
import org.bootnode.server.BootUrls;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.BootFiles;
import org.bootnode.server.config.DhcpSection;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.config.SubnetSpec;
import org.bootnode.server.inventory.BootStage;
import org.bootnode.server.inventory.BootTimeline;
import org.bootnode.server.inventory.Inventory;
import org.bootnode.server.inventory.UnknownMacs;
import org.bootnode.server.metrics.ServerMetrics;
import org.bootnode.server.log.LogText;
import org.bootnode.store.postgres.StoreStartException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHCP bridge: bootnode-dhcp configured from the {@code dhcp} section (its subnets and
 * options), the nodes' reservations with their group's and their own options, and the boot
 * policy of docs/server.md (next server = the server's address; a file per firmware class from
 * {@link BootFiles}, the top-level {@code boot-files}, then each node's group and the node
 * itself; iPXE gets its script URL; UEFI HTTP boot gets its file over HTTP under {@code /tftp/}).
 */
public final class DhcpService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DhcpService.class);

    private final DhcpServer server;
    private final AtomicReference<Inventory> inventory;

    private DhcpService(DhcpServer server, AtomicReference<Inventory> inventory) {
        this.server = server;
        this.inventory = inventory;
    }

    /**
     * Starts bootnode-dhcp as the configuration's {@code dhcp} section says, its leases in
     * {@code leaseStore}, else the {@code store} section's database, else the journal in
     * {@code server.data-dir}.
     *
     * @throws StoreStartException the {@code store} section's database
     *     is unreachable, refused the credentials, or holds a newer schema
     */
    public static DhcpService start(BootConfig config, Inventory inventory, BootUrls urls, EventLoopGroup group,
            BootTimeline timeline, ServerMetrics metrics, UnknownMacs unknown, BootPolicy bootPolicy, LeaseStore leaseStore) {
        DhcpSection d = config.dhcp().orElseThrow();
        DhcpServerConfig.Builder c = DhcpServerConfig.builder()
                .serverAddress(config.server().address())
                .interfaceName(config.server().interfaceName())
                .port(d.port())
                .subnets(d.subnets().stream().map(DhcpService::subnet).toList())
                .options(d.options())
                .unknownClients(d.unknownClients())
                .proxy(d.proxy())
                .declineProbation(d.declineProbation())
                .maxDeclined(d.maxDeclined())
                .journalDamage(d.journalDamage());
        if (config.store().isPresent()) {
            // Head nodes sharing the database each search the pools from a place of their own: all
            // starting at the first free address, two of them would offer it to two clients at
            // once, and one REQUEST of the two would be refused by the database.
            c.poolStart(ThreadLocalRandom.current().nextLong(1L << 32));
        }
        if (d.subnet() != null || d.subnets().isEmpty()) {
            c.subnet(d.subnet() != null ? d.subnet() : new Subnet(config.server().address(), 32))
                    .dnsServers(d.dnsServers())
                    .domain(d.domain())
                    .leaseTime(d.leaseTime());
            if (d.router() != null) {
                c.router(d.router());
            }
            if (d.pool() != null) {
                c.pool(d.pool());
            }
        }
        Path dataDir = config.server().dataDir();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("server.data-dir: cannot create " + dataDir + ": " + e.getMessage(), e);
        }
        AtomicReference<Inventory> current = new AtomicReference<>(inventory);
        DhcpServerConfig serverConfig = c.build();
        LeaseStore store = leaseStore;
        if (store == null && config.store().isPresent()) {
            // Built here, after every check that can fail without it, and owned by the DHCP server from here on.
            store = SharedLeases.open(config.store().get().postgres(), config.server(), current::get, metrics);
        }
        DhcpServer server;
        try {
            server = DhcpServer.builder(serverConfig)
                    .reservations(reservations(inventory))
                    .bootPolicy(bootPolicy != null ? bootPolicy : bootPolicy(config, urls, mac -> nodeFiles(current.get(), mac, urls)))
                    .dataDir(dataDir)
                    .leaseStore(store)
                    .listener(new Bridge(timeline, metrics, unknown, mac -> current.get().node(mac).isPresent()))
                    .eventLoopGroup(group)
                    .build();
        } catch (RuntimeException e) {
            if (store != null && store != leaseStore) {
                store.close();
            }
            throw e;
        }
        try {
            server.start();
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException("dhcp: cannot start on port " + d.port() + ": " + e.getMessage(), e);
        }
        return new DhcpService(server, current);
    }

    private static DhcpSubnet subnet(SubnetSpec s) {
        DhcpSubnet.Builder b = DhcpSubnet.builder(s.subnet()).name(s.name()).dnsServers(s.dnsServers()).domain(s.domain())
                .leaseTime(s.leaseTime()).pool(s.pool()).options(s.options());
        if (s.router() != null) {
            b.router(s.router());
        }
        return b.build();
    }

    static DefaultBootPolicy bootPolicy(BootConfig config, BootUrls urls) {
        return bootPolicy(config, urls, null);
    }

    /** The policy with the server-wide files and, when {@code perNode} is set, each node's own. */
    static DefaultBootPolicy bootPolicy(BootConfig config, BootUrls urls, Function<MacAddress, Map<BootFileClass, String>> perNode) {
        DefaultBootPolicy.Builder p = DefaultBootPolicy.builder().nextServer(config.server().address());
        Map<BootFileClass, String> files = wire(BootFiles.serverWide(config), urls);
        files.forEach(p::file);
        if (urls != null) {
            p.scriptUrl(mac -> mac.length() == MacAddress.ETHERNET_LENGTH ? urls.nodeScript(mac) : urls.genericScript());
        }
        if (perNode != null) {
            p.perClient(perNode);
        }
        String named = String.join(", ", files.entrySet().stream().map(e -> e.getKey().key() + " " + e.getValue()).toList());
        log.info("dhcp: boot files {} from {}{}", named, config.server().address().getHostAddress(),
                urls == null ? "; no HTTP section, so iPXE gets no script URL" : ", iPXE scripts at " + urls.nodeScriptTemplate());
        return p.build();
    }

    /** A node's own files (its group's, then its own) as DHCP hands them out; null for none. */
    static Map<BootFileClass, String> nodeFiles(Inventory inventory, MacAddress mac, BootUrls urls) {
        if (mac.length() != MacAddress.ETHERNET_LENGTH) {
            return null;
        }
        Optional<NodeSpec> node = inventory.node(mac);
        if (node.isEmpty() || node.get().allBootFiles().isEmpty()) {
            return null;
        }
        return wire(node.get().allBootFiles(), urls);
    }

    /**
     * Files as the wire carries them: TFTP names as they are; for UEFI HTTP boot a name in the
     * TFTP root becomes its {@code /tftp/} URL (dropped without an HTTP server), a URL stays.
     */
    private static Map<BootFileClass, String> wire(Map<BootFileClass, String> files, BootUrls urls) {
        Map<BootFileClass, String> out = new EnumMap<>(BootFileClass.class);
        files.forEach((cls, file) -> {
            if (!cls.isHttp() || file.startsWith("http://")) {
                out.put(cls, file);
            } else if (urls != null) {
                out.put(cls, urls.tftpFile(file));
            }
        });
        return out;
    }

    private static List<Reservation> reservations(Inventory inventory) {
        List<Reservation> out = new ArrayList<>();
        for (NodeSpec node : inventory.nodes()) {
            if (node.ip() != null) {
                out.add(new Reservation(node.mac(), node.ip(), node.name(), node.dhcpOptions()));
            }
        }
        return out;
    }

    /** The MAC holding a bound, unexpired lease on {@code address}: pool clients as well as reserved ones. */
    public Optional<MacAddress> macAt(InetAddress address, Instant now) {
        if (!(address instanceof Inet4Address v4)) {
            return Optional.empty();
        }
        return server.leaseStore().byAddress(v4)
                .filter(l -> l.state() == Lease.State.BOUND && l.isActive(now))
                .map(Lease::mac);
    }

    /**
     * Swaps the reservations for those of a reloaded inventory; leases in the store stay.
     * {@link IllegalArgumentException}, with nothing swapped, when an address fits none of the
     * running subnets.
     */
    public void update(Inventory inventory) {
        // Throws before it swaps anything; the nodes' own boot files follow only once it has not.
        server.reservations(reservations(inventory));
        this.inventory.set(inventory);
    }

    /** Every lease in the store: bound and declined, expired ones too until they are reused. */
    public Collection<Lease> leases() {
        return server.leaseStore().all();
    }

    /**
     * Releases the lease on {@code address}, as a DHCPRELEASE from its holder would: through the
     * lease store, so that it is journalled (or written to the shared database) like any other
     * change. Empty when no lease is on the address; else the stage that completes when the
     * release is durable.
     */
    public Optional<CompletionStage<Void>> release(Inet4Address address) {
        Optional<Lease> lease = server.leaseStore().byAddress(address);
        return lease.map(l -> server.leaseStore().release(l.mac(), l.clientId(), address));
    }

    /** The configuration of the running DHCP server: its subnets and pools. */
    public DhcpServerConfig serverConfig() {
        return server.config();
    }

    @Override
    public void close() {
        // Closes the sockets, then syncs and closes the lease journal.
        server.close();
    }

    /** DHCP events into boot steps and counters; package-private for ServerMetricsTest. */
    static final class Bridge implements DhcpListener {
        private final BootTimeline timeline;
        private final ServerMetrics metrics;
        private final UnknownMacs unknown;
        private final Predicate<MacAddress> isNode;

        Bridge(BootTimeline timeline, ServerMetrics metrics) {
            this(timeline, metrics, null, mac -> true);
        }

        /** Also notes in {@code unknown} each MAC heard that {@code isNode} does not know. */
        Bridge(BootTimeline timeline, ServerMetrics metrics, UnknownMacs unknown, Predicate<MacAddress> isNode) {
            this.timeline = timeline;
            this.metrics = metrics;
            this.unknown = unknown;
            this.isNode = isNode;
        }

        @Override
        public void received(int bytes) {
            metrics.dhcpReceived.increment();
        }

        @Override
        public void decline(DhcpEvent e) {
            metrics.dhcpDeclines.increment();
        }

        @Override
        public void release(DhcpEvent e) {
            metrics.dhcpReleases.increment();
        }

        @Override
        public void inform(DhcpEvent e) {
            metrics.dhcpInforms.increment();
        }

        @Override
        public void offer(DhcpEvent e) {
            metrics.dhcpOffers.increment();
            record(e, BootStage.DHCP_OFFER);
        }

        @Override
        public void ack(DhcpEvent e) {
            metrics.dhcpAcks.increment();
            record(e, BootStage.DHCP_ACK);
        }

        @Override
        public void nak(DhcpEvent e) {
            metrics.dhcpNaks.increment();
            log.info("dhcp {}: nak for {}", e.mac(), e.address().getHostAddress());
        }

        @Override
        public void ignored(MacAddress mac, IgnoreReason reason) {
            metrics.dhcpIgnored.increment();
            if (reason instanceof IgnoreReason.Malformed || reason instanceof IgnoreReason.StoreFailed
                    || reason instanceof IgnoreReason.StoreUnavailable) {
                metrics.dhcpErrors.increment();
            }
            log.debug("dhcp {}: ignored, {}", mac, LogText.escape(String.valueOf(reason)));
            if (reason instanceof IgnoreReason.UnknownClient u && unknown != null && mac != null
                    && mac.length() == MacAddress.ETHERNET_LENGTH && !isNode.test(mac)) {
                unknown.heard(mac, u.subnet(), archOf(u.client().kind(), u.client().arch()), "no reservation, not served");
            }
        }

        /** An operating system's client names no architecture: show none rather than a default. */
        private static String archOf(ClientKind kind, ClientArch arch) {
            return kind == ClientKind.DHCP ? "" : arch.toString();
        }

        private void record(DhcpEvent e, BootStage stage) {
            if (e.mac().length() != MacAddress.ETHERNET_LENGTH) {
                return;
            }
            MacAddress mac = e.mac();
            timeline.record(mac, stage, 0, detail(e)); // the timeline escapes it
            if (unknown != null && !isNode.test(mac)) {
                unknown.heard(mac, e.subnet(), archOf(e.kind(), e.arch()), stage.label() + " " + e.address().getHostAddress());
            }
        }

        /**
         * The timeline's text for an offer or ACK: {@code 10.2.0.10 pxe x86-bios undionly.kpxe, subnet rack2}
         * (address, client kind, architecture, boot file, the subnet it asked from; a proxy offer names none).
         */
        static String detail(DhcpEvent e) {
            String arch = archOf(e.kind(), e.arch());
            return e.address().getHostAddress() + " " + e.kind().name().toLowerCase(Locale.ROOT)
                    + (arch.isEmpty() ? "" : " " + arch) + (e.bootFile().isEmpty() ? "" : " " + e.bootFile())
                    + (e.subnet().isEmpty() ? "" : ", subnet " + e.subnet());
        }
    }
}
