package org.bootnode.server;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bootnode.server.admin.AdminListener;
import org.bootnode.server.api.AdminApi;
import org.bootnode.server.api.EventStream;
import org.bootnode.server.bridge.DhcpService;
import org.bootnode.server.bridge.SharedNodes;
import org.bootnode.server.bridge.SharedTimeline;
import org.bootnode.server.config.ConfigProblem;
import org.bootnode.server.log.LogText;
import org.bootnode.server.bridge.TftpBridge;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.ConfigException;
import org.bootnode.server.config.FileNodeStore;
import org.bootnode.server.config.DhcpSection;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.config.HttpSection;
import org.bootnode.server.config.TftpSection;
import org.bootnode.server.http.BootHttpServer;
import org.bootnode.server.scripts.IpxeScriptRenderer;
import org.bootnode.server.transport.Transports;
import org.bootnode.server.web.WebAssets;
import org.bootnode.server.inventory.BootEvent;
import org.bootnode.server.inventory.BootTimeline;
import org.bootnode.server.inventory.Inventory;
import org.bootnode.server.inventory.UnknownMacs;
import org.bootnode.server.metrics.ServerMetrics;
import org.bootnode.server.overlay.OverlayService;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.lease.LeaseStore;
import org.bootnode.dhcp.lease.UnknownClients;
import org.bootnode.dhcp.pxe.BootPolicy;
import org.bootnode.tftp.server.FastPath;
import org.bootnode.tftp.server.FileSource;
import org.bootnode.tftp.server.TftpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DHCP, TFTP and HTTP in one process: whatever the configuration names (a missing section means
 * that server does not run). DHCP, TFTP and the admin listener share one event loop group; the
 * boot listener (HTTP) has loops of its own ({@code http.threads}), so that a kernel's
 * sendfile never holds up a TFTP round trip nor TFTP's blocks a script, unless the embedder
 * gives one group for all ({@link Builder#eventLoopGroup}). TFTP and the boot listener (HTTP)
 * listen on {@code server.address} only; the admin listener (the API, {@code /metrics}, the web
 * page) on the addresses of the {@code admin} section. Nodes and images can be replaced
 * at run time with {@link #reload}; transfers in flight keep the files they opened.
 *
 * <p>What an embedder may replace: the iPXE scripts ({@link Builder#renderer}), the DHCP boot
 * decisions ({@link Builder#bootPolicy}), where leases are kept ({@link Builder#leaseStore}),
 * where TFTP files come from ({@link Builder#tftpSource}, over TFTP and under {@code /tftp/} over
 * HTTP), the clock and the event loops.
 *
 * <pre>{@code
 * try (BootServer server = BootServer.builder().config(ConfigReader.read(file)).start()) {
 *     ...
 * }
 * }</pre>
 */
public final class BootServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BootServer.class);
    /** Threads that build overlays: rendering and key generation are short, and a cached overlay needs only a scan. */
    private static final int OVERLAY_THREADS = 2;
    /** How often the shared node table's generation is read: a change on another server shows here within this. */
    private static final long NODE_POLL_MILLIS = 1000;

    private final AtomicReference<Inventory> inventory;
    private final BootTimeline timeline;
    private final UnknownMacs unknown;
    /** The admin API: the admin listener hands it every {@code /api/...} request. */
    private final AdminApi api;
    private final ServerMetrics metrics;
    private final Clock clock;
    private final EventLoopGroup ownGroup;
    private final List<AutoCloseable> running = new ArrayList<>();
    private BootHttpServer http;
    private TftpServer tftp;
    private volatile DhcpService dhcp;
    private volatile SharedTimeline shared;
    /** The API's nodes in the shared database ({@code store: postgres}); null with node files. */
    private final SharedNodes nodes;
    /** The node table's generation whose nodes this server serves. */
    private volatile long servedGeneration = -1;
    /** The node table's generation whose nodes the configuration refused; not tried again until it changes. */
    private volatile long refusedGeneration = -1;
    private BootUrls urls;
    private AdminListener admin;

    private BootServer(Builder b) {
        this.inventory = new AtomicReference<>(new Inventory(b.config));
        this.metrics = new ServerMetrics();
        this.clock = b.clock;
        // Every configured node keeps its timeline; other MACs share a bounded, least recently heard first, rest.
        this.timeline = new BootTimeline(b.clock, BootTimeline.DEFAULT_EVENTS_PER_NODE, BootTimeline.DEFAULT_MAX_UNKNOWN,
                mac -> inventory.get().node(mac).isPresent(), this::recorded);
        this.unknown = new UnknownMacs(b.clock, UnknownMacs.DEFAULT_MAX);
        AdminApi.Builder api = AdminApi.builder().inventory(inventory::get).timeline(timeline).unknown(unknown).dhcp(() -> dhcp)
                .events(new EventStream(EventStream.Limits.DEFAULT)).clock(b.clock);
        if (b.config.store().isPresent() && b.config.source().isPresent()) {
            // Shared by every server of the database: the API writes nodes there, not to node files.
            this.nodes = SharedNodes.open(b.config.store().get().postgres(), b.config.server());
            // The API's change, applied under this lock, is the table's generation just written.
            api.nodeFiles(nodes, b.config.source().get(), this, next -> {
                reload(next);
                servedGeneration = nodes.generation();
            });
        } else {
            this.nodes = null;
            if (b.config.nodeFiles().isPresent() && b.config.source().isPresent()) {
                // One lock for SIGHUP's reload and the API's node changes: this server's (reload is synchronized).
                api.nodeFiles(new FileNodeStore(b.config.nodeFiles().get()), b.config.source().get(), this, this::reload);
            }
        }
        this.api = api.build();
        this.ownGroup = b.group == null ? Transports.group(0, new DefaultThreadFactory("bootnode", true), b.fastPath) : null;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    private void start(Builder b) {
        EventLoopGroup group = b.group == null ? ownGroup : b.group;
        BootConfig config = b.config;
        try {
            if (nodes != null) {
                // The shared nodes before the protocols start, then whatever another server changes.
                reloadStoredNodes(-1);
                nodes.poll(NODE_POLL_MILLIS, generation -> {
                    if (generation != servedGeneration && generation != refusedGeneration) {
                        reloadStoredNodes(generation);
                    }
                });
            }
            if (config.store().isPresent()) {
                // Before the protocols start, so that every event they record is shared.
                SharedTimeline opened = SharedTimeline.open(config.store().get().postgres(), config.server(), timeline);
                running.add(opened);
                shared = opened;
                metrics.storeEventsWritten.track(() -> opened.log().written());
                metrics.storeEventsDropped.track(() -> opened.log().dropped());
                metrics.storeEventsReceived.track(() -> opened.log().received());
            }
            // One file source for TFTP and for the TFTP root over HTTP: one set of names, one guard.
            FileSource source = b.tftpSource != null ? b.tftpSource
                    : config.tftp().map(t -> FileSource.directory(t.root())).orElse(null);
            Optional<HttpSection> httpSection = config.http();
            if (httpSection.isPresent()) {
                // Overlays are built off the HTTP threads; the builders stop after the listener (closed in reverse).
                OverlayService overlays = new OverlayService(config.server().dataDir(), OVERLAY_THREADS);
                running.add(overlays);
                http = BootHttpServer.builder()
                        .config(httpSection.get())
                        .bindAddress(config.server().address())
                        // The embedder's group, or null: the listener makes loops of its own (http.threads).
                        .eventLoopGroup(b.group)
                        .inventory(inventory::get)
                        .timeline(timeline)
                        .metrics(metrics)
                        .renderer(b.renderer)
                        .overlays(overlays)
                        .tftpSource(source)
                        .macs(this::macAt)
                        .servesUnknown(config.dhcp().map(d -> d.unknownClients() == UnknownClients.POOL).orElse(false))
                        .urls(port -> BootUrls.of(config.server().address(), port))
                        .start();
                running.add(http);
                urls = BootUrls.of(config.server().address(), http.port());
                log.info("http: listening on {}:{} ({}, {}), scripts at {}", config.server().address().getHostAddress(), http.port(),
                        Transports.epoll() ? "epoll, sendfile" : "nio, transferTo",
                        b.group == null ? loopsOfItsOwn(httpSection.get().effectiveThreads()) : "the embedder's loops",
                        urls.nodeScriptTemplate());
            }
            Optional<TftpSection> tftpSection = config.tftp();
            if (tftpSection.isPresent()) {
                tftp = TftpServer.builder()
                        .bind(new InetSocketAddress(config.server().address(), tftpSection.get().port()))
                        .fileSource(source)
                        .config(tftpSection.get().serverConfig())
                        .eventLoopGroup(group)
                        .fastPath(b.fastPath)
                        .listener(new TftpBridge(this::macAt, timeline, metrics))
                        .start();
                running.add(tftp);
                metrics.tftpInFlight.track(tftp::activeTransfers);
                log.info("tftp: listening on {}:{}, root {}", config.server().address().getHostAddress(), tftp.port(),
                        tftpSection.get().root());
            }
            Optional<DhcpSection> dhcpSection = config.dhcp();
            if (dhcpSection.isPresent()) {
                dhcp = DhcpService.start(config, inventory.get(), urls, group, timeline, metrics, unknown, b.bootPolicy, b.leaseStore);
                running.add(dhcp);
            }
            if (config.admin().isPresent()) {
                admin = AdminListener.start(config.admin().get(), group, api,
                        new WebAssets(), metrics);
                running.add(admin);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info("bootnode: serving {} nodes, {} images", config.nodes().size(), config.images().size());
    }

    /**
     * The MAC of the client at {@code address}, for what names no node (TFTP): the bound lease
     * on it (pool clients too), else the node whose reservation it is.
     */
    private Optional<MacAddress> macAt(InetAddress address) {
        DhcpService d = dhcp;
        Optional<MacAddress> leased = d == null ? Optional.empty() : d.macAt(address, clock.instant());
        return leased.isPresent() ? leased : inventory.get().nodeAt(address).map(NodeSpec::mac);
    }

    private void recorded(BootEvent event) {
        logEvent(event);
        SharedTimeline s = shared;
        if (s != null) {
            s.share(event);
        }
    }

    private void logEvent(BootEvent event) {
        // The detail was escaped when recorded (BootTimeline.record); the name is the
        // configuration's and the MAC a parsed value: nothing here can break the line. Values
        // only, no text built here: the log's writer formats a line whose arguments cannot
        // change (BatchingConsoleAppender), off the event loop that recorded the event.
        String who = inventory.get().node(event.mac()).map(NodeSpec::name).orElse("unknown");
        MacAddress mac = event.mac();
        String stage = event.stage().label();
        String detail = event.detail();
        if (event.bytes() <= 0) {
            if (detail.isEmpty()) {
                log.info("{} {} {}", who, mac, stage);
            } else {
                log.info("{} {} {} {}", who, mac, stage, detail);
            }
        } else if (detail.isEmpty()) {
            log.info("{} {} {} ({} bytes)", who, mac, stage, event.bytes());
        } else {
            log.info("{} {} {} {} ({} bytes)", who, mac, stage, detail, event.bytes());
        }
    }

    /**
     * Replaces the nodes, groups and images. The other sections (addresses, ports, roots) take
     * effect only at a restart; a change to them is logged and otherwise ignored. All or nothing:
     * when the running DHCP server refuses the new reservations (an address in a subnet that only
     * the new file adds), this throws {@link IllegalArgumentException} and everything keeps
     * serving the configuration it had. Transfers in flight keep the files they opened.
     */
    public synchronized void reload(BootConfig next) {
        Objects.requireNonNull(next, "next");
        BootConfig current = inventory.get().config();
        boolean waitsForRestart = !current.server().equals(next.server()) || !current.dhcp().equals(next.dhcp())
                || !current.tftp().equals(next.tftp()) || !current.http().equals(next.http())
                || !current.store().equals(next.store()) || !current.bootFiles().equals(next.bootFiles())
                || !current.admin().equals(next.admin()) || !current.nodeFiles().equals(next.nodeFiles());
        BootConfig.Builder withImages = BootConfig.builder().source(next.source().orElse(null))
                .server(current.server()).dhcp(current.dhcp().orElse(null)).tftp(current.tftp().orElse(null))
                .http(current.http().orElse(null)).store(current.store().orElse(null)).admin(current.admin().orElse(null))
                .nodeFiles(current.nodeFiles().orElse(null));
        withImages.overlays(next.overlays().orElse(null));
        current.bootFiles().forEach(withImages::bootFile);
        next.images().values().forEach(withImages::image);
        next.groups().values().forEach(withImages::group);
        next.nodes().values().forEach(withImages::node);
        next.nodes().keySet().forEach(name -> next.nodeOrigin(name).ifPresent(file -> withImages.nodeOrigin(name, file)));
        next.nodes().keySet().forEach(name -> next.nodeDefinition(name).ifPresent(d -> withImages.nodeDefinition(name, d)));
        Inventory fresh = new Inventory(withImages.build());
        // DHCP checks the reservations against its running subnets and may refuse them: ask it
        // before anything else is swapped, so that a refused reload leaves no mix behind.
        if (dhcp != null) {
            try {
                dhcp.update(fresh);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage()
                        + (waitsForRestart ? "; the running dhcp section stays until a restart" : ""), e);
            }
        }
        Inventory before = inventory.get();
        inventory.set(fresh);
        api.reloaded(before, fresh);
        timeline.retainConfigured();
        metrics.reloads.increment();
        if (waitsForRestart) {
            log.warn("reload: server, dhcp, tftp, http, store, admin and boot-files settings take effect at restart;"
                    + " only nodes, groups, images and overlays were reloaded");
        }
        log.info("reload: {} nodes, {} images", fresh.config().nodes().size(), fresh.config().images().size());
    }

    /**
     * Reads the configuration with the shared database's nodes and applies it: at start, and on
     * the poller's thread when the table's generation is not the one served ({@code generation}:
     * the one seen, -1 at start). A configuration that refuses them is logged once per
     * generation and the server keeps what it serves.
     */
    private synchronized void reloadStoredNodes(long generation) {
        Path main = inventory.get().config().source().orElseThrow();
        try {
            reload(nodes.read(main, null));
            servedGeneration = nodes.generation();
            refusedGeneration = -1;
        } catch (ConfigException e) {
            refusedGeneration = nodes.generation(); // the generation read, also at start
            log.error("reload: the shared nodes do not fit the configuration, still serving the nodes before: {}",
                    LogText.escape(e.problems().get(0).toString()));
        } catch (IOException | IllegalArgumentException e) {
            refusedGeneration = nodes.generation();
            log.error("reload: the shared nodes: {}", LogText.escape(e.getMessage()));
        }
    }

    /**
     * Reads the configuration and applies it ({@link #reload(BootConfig)}), both under the lock
     * that the admin API's node changes take: a node changed through the API between the read
     * and the reload cannot be undone by it (SIGHUP comes here).
     *
     * The admin listener's certificate, key and token file are read again too (not at an API
     * change, which reloads the nodes alone).
     *
     * @throws ConfigException when the files have problems; nothing changes then
     */
    public synchronized void reload(ConfigSource read) throws ConfigException {
        BootConfig next = read.read();
        if (nodes != null && next.source().isPresent()) {
            // With the shared database's nodes, checked with the files' as at an API change.
            try {
                next = nodes.read(next.source().get(), null);
            } catch (IOException e) {
                throw new ConfigException(List.of(new ConfigProblem(SharedNodes.ORIGIN, 0, e.getMessage())));
            }
        }
        reload(next);
        if (nodes != null) {
            servedGeneration = nodes.generation();
        }
        if (admin != null) {
            admin.reload();
        }
    }

    /** Reads a configuration: {@code () -> ConfigReader.read(file)}. */
    @FunctionalInterface
    public interface ConfigSource {
        /** The configuration read now. */
        BootConfig read() throws ConfigException;
    }

    /** The nodes and images served now. */
    public Inventory inventory() {
        return inventory.get();
    }

    /** The boot timeline of every node. */
    public BootTimeline timeline() {
        return timeline;
    }

    /** The counters behind {@code /metrics}. */
    public ServerMetrics metrics() {
        return metrics;
    }

    /** The bound HTTP port, if HTTP runs. */
    public Optional<Integer> httpPort() {
        return Optional.ofNullable(http).map(BootHttpServer::port);
    }

    /** The admin listener's bound addresses (real ports where 0 was asked for); empty when it does not run. */
    public List<InetSocketAddress> adminAddresses() {
        return admin == null ? List.of() : admin.addresses();
    }

    /** The bound TFTP port, if TFTP runs. */
    public Optional<Integer> tftpPort() {
        return Optional.ofNullable(tftp).map(TftpServer::port);
    }

    /** The URLs handed to nodes, if HTTP runs. */
    public Optional<BootUrls> urls() {
        return Optional.ofNullable(urls);
    }

    /** Stops DHCP (syncing its leases), TFTP and HTTP, in that order. */
    @Override
    public void close() {
        if (nodes != null) {
            nodes.close(); // first: its poller reloads what the rest serves
        }
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                log.warn("close: {}", e.toString());
            }
        }
        running.clear();
        api.close();
        if (ownGroup != null) {
            ownGroup.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS).awaitUninterruptibly();
        }
    }

    /** Builds and starts a {@link BootServer}. */
    public static final class Builder {
        private BootConfig config;
        private ScriptRenderer renderer = new IpxeScriptRenderer();
        private Clock clock = Clock.systemUTC();
        private EventLoopGroup group;
        private FileSource tftpSource;
        private FastPath fastPath = FastPath.on();
        private BootPolicy bootPolicy;
        private LeaseStore leaseStore;

        private Builder() {}

        /** The configuration (required). */
        public Builder config(BootConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The script renderer (default: bootnode-ipxe's scripts). */
        public Builder renderer(ScriptRenderer renderer) {
            this.renderer = Objects.requireNonNull(renderer, "renderer");
            return this;
        }

        /** The clock of the timeline (default: UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * One event loop group for every server, the boot listener included (default: one of its
         * own for DHCP, TFTP and the admin listener and one for the boot listener, closed with the
         * server).
         */
        public Builder eventLoopGroup(EventLoopGroup group) {
            this.group = group;
            return this;
        }

        /**
         * TFTP's speed-ups, and the polling of the event loops the server makes (default
         * {@link FastPath#on()}). A group given with {@link #eventLoopGroup} polls as it was made.
         */
        public Builder fastPath(FastPath fastPath) {
            this.fastPath = Objects.requireNonNull(fastPath, "fastPath");
            return this;
        }

        /**
         * Where TFTP files come from, over TFTP and under {@code /tftp/} over HTTP (default: the
         * configured TFTP root).
         */
        public Builder tftpSource(FileSource source) {
            this.tftpSource = source;
            return this;
        }

        /**
         * What DHCP tells each boot client (default: {@link org.bootnode.dhcp.pxe.DefaultBootPolicy}
         * set up from the configuration, see {@code DhcpService}).
         */
        public Builder bootPolicy(BootPolicy policy) {
            this.bootPolicy = policy;
            return this;
        }

        /**
         * Where DHCP keeps its leases (default: the configuration's {@code store} section, else a
         * journal in {@code server.data-dir}). {@link #start} throws
         * {@code StoreStartException} (bootnode-store-postgres) when the section's database
         * cannot be used.
         */
        public Builder leaseStore(LeaseStore store) {
            this.leaseStore = store;
            return this;
        }

        /** Starts every server the configuration names. */
        public BootServer start() {
            Objects.requireNonNull(config, "config");
            BootServer server = new BootServer(this);
            server.start(this);
            return server;
        }
    }

    /** "1 loop of its own", "4 loops of its own". */
    static String loopsOfItsOwn(int n) {
        return n + (n == 1 ? " loop" : " loops") + " of its own";
    }
}
