package org.bootnode.dhcp.server;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.bootnode.dhcp.lease.AddressPolicy;
import org.bootnode.dhcp.lease.InMemoryLeaseStore;
import org.bootnode.dhcp.lease.JournalLeaseStore;
import org.bootnode.dhcp.lease.LeaseStore;
import org.bootnode.dhcp.lease.Reservation;
import org.bootnode.dhcp.lease.StaticAddressPolicy;
import org.bootnode.dhcp.pxe.BootPolicy;
import org.bootnode.dhcp.server.internal.DhcpChannelHandler;
import org.bootnode.dhcp.server.internal.DhcpProcessor;
import org.bootnode.dhcp.server.internal.Sockets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DHCPv4 server for PXE and iPXE clients (RFC 2131), embeddable:
 *
 * <pre>{@code
 * DhcpServer server = DhcpServer.builder(config)
 *         .reservations(List.of(new Reservation(mac, ip, "node-000")))
 *         .bootPolicy(DefaultBootPolicy.builder().nextServer(ip)...build())
 *         .dataDir(Path.of("/var/lib/bootnode"))
 *         .listener(timeline)
 *         .build();
 * try (DhcpServer running = server.start()) {
 *     ...
 *     running.reservations(reloaded);   // SIGHUP: new reservations, no restart
 * }
 * }</pre>
 *
 * One socket per served interface, bound to it (SO_BINDTODEVICE on Linux); in proxy mode a
 * second one on the PXE port 4011. {@link #close()} stops the sockets and syncs the leases.
 */
public final class DhcpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DhcpServer.class);

    private final DhcpServerConfig config;
    private final AtomicReference<AddressPolicy> addressPolicy;
    private final BootPolicy bootPolicy;
    private final LeaseStore leaseStore;
    private final DhcpListener listener;
    private final EventLoopGroup sharedGroup;
    private final Clock clock;
    private final List<Channel> channels = new ArrayList<>();
    private EventLoopGroup ownGroup;
    private boolean started;
    private boolean closed;

    private DhcpServer(Builder b) {
        config = b.config;
        addressPolicy = new AtomicReference<>(b.addressPolicy != null ? b.addressPolicy : defaultPolicy(config, b.reservations));
        bootPolicy = b.bootPolicy;
        leaseStore = b.leaseStore != null ? b.leaseStore
                : b.dataDir != null ? JournalLeaseStore.open(b.dataDir.resolve("dhcp-leases.journal"), b.clock, config.journalDamage()) : new InMemoryLeaseStore();
        listener = b.listener;
        sharedGroup = b.group;
        clock = b.clock;
    }

    public static Builder builder(DhcpServerConfig config) {
        return new Builder(config);
    }

    /**
     * Opens the sockets and starts serving. Throws {@link IOException} when a socket cannot be
     * bound or bound to its device; nothing is left open then.
     */
    public synchronized DhcpServer start() throws IOException {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        String device = servedDevice();
        EventLoopGroup group = sharedGroup;
        if (group == null || (device != null && !Sockets.isEpoll(group))) {
            group = ownGroup = Sockets.newGroup();
        }
        DhcpProcessor processor = new DhcpProcessor(config, addressPolicy::get, bootPolicy, leaseStore);
        AtomicInteger pending = new AtomicInteger();
        try {
            channels.add(Sockets.bind(group, device, config.port(), config.receiveBufferBytes(),
                    new DhcpChannelHandler(processor, leaseStore, listener, clock, false, config.maxPendingAcks(), pending)));
            if (config.proxy()) {
                channels.add(Sockets.bind(group, device, config.proxyPort(), config.receiveBufferBytes(),
                        new DhcpChannelHandler(processor, leaseStore, listener, clock, true, config.maxPendingAcks(), pending)));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        log.info("DHCP serving {} on {} port {}{}", config.subnets().stream().map(DhcpSubnet::toString).collect(Collectors.joining(", ")), device == null ? "all interfaces" : device, config.port(),
                config.proxy() ? " (proxyDHCP, and port " + config.proxyPort() + ")" : "");
        return this;
    }

    private String servedDevice() throws IOException {
        if (config.interfaceName().isPresent()) {
            return config.interfaceName().get();
        }
        NetworkInterface nif;
        try {
            nif = NetworkInterface.getByInetAddress(config.serverAddress());
        } catch (SocketException e) {
            throw new IOException("cannot list interfaces: " + e.getMessage(), e);
        }
        if (nif == null) {
            if (!Sockets.isLinux()) {
                return null;
            }
            throw new IOException("no interface holds " + config.serverAddress().getHostAddress()
                    + " (set the interface to serve on, or the server address)");
        }
        return Sockets.isLinux() ? nif.getName() : null;
    }

    /** The current address policy. */
    public AddressPolicy addressPolicy() {
        return addressPolicy.get();
    }

    /** Replaces the address policy; requests from now on use it. Safe from any thread. */
    public void addressPolicy(AddressPolicy policy) {
        addressPolicy.set(Objects.requireNonNull(policy));
    }

    /**
     * Replaces the reservations, keeping the configured pools and unknown-clients rule. Safe from
     * any thread. {@link IllegalArgumentException} when an address fits no served subnet.
     */
    public void reservations(Collection<Reservation> reservations) {
        addressPolicy(defaultPolicy(config, reservations));
    }

    /** The reservations (each checked against the subnets, but in proxy mode) and every subnet's pool. */
    private static StaticAddressPolicy defaultPolicy(DhcpServerConfig config, Collection<Reservation> reservations) {
        if (!config.proxy()) {
            for (Reservation r : reservations) {
                if (config.subnetFor(r.address()).isEmpty()) {
                    throw new IllegalArgumentException("reservation " + r.mac() + ": " + r.address().getHostAddress()
                            + " fits no subnet (expected: inside one of " + config.subnets().stream()
                            .map(s -> s.subnet().toString()).collect(Collectors.joining(", ")) + ")");
                }
            }
        }
        return StaticAddressPolicy.ofPools(reservations, config.pools(), config.unknownClients(), config.poolStart());
    }

    public LeaseStore leaseStore() {
        return leaseStore;
    }

    public DhcpServerConfig config() {
        return config;
    }

    /** The bound local addresses (0.0.0.0:port), one per socket. */
    public synchronized List<InetSocketAddress> localAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Channel c : channels) {
            out.add((InetSocketAddress) c.localAddress());
        }
        return out;
    }

    /** Stops serving, waits for the sockets to close, then syncs and closes the lease store. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Channel c : channels) {
            c.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        channels.clear();
        if (ownGroup != null) {
            ownGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        try {
            leaseStore.close();
        } catch (UncheckedIOException e) {
            log.warn("DHCP lease store did not close cleanly: {}", e.getMessage());
        }
    }

    /** Builds a {@link DhcpServer}. */
    public static final class Builder {
        private final DhcpServerConfig config;
        private AddressPolicy addressPolicy;
        private Collection<Reservation> reservations = List.of();
        private BootPolicy bootPolicy = BootPolicy.NONE;
        private LeaseStore leaseStore;
        private Path dataDir;
        private DhcpListener listener = DhcpListener.NONE;
        private EventLoopGroup group;
        private Clock clock = Clock.systemUTC();

        private Builder(DhcpServerConfig config) {
            this.config = Objects.requireNonNull(config);
        }

        /** The address policy; default: {@link StaticAddressPolicy} with {@link #reservations} and the configured pool. */
        public Builder addressPolicy(AddressPolicy p) { addressPolicy = p; return this; }
        /** Reservations for the default address policy. */
        public Builder reservations(Collection<Reservation> r) { reservations = List.copyOf(r); return this; }
        /** The boot policy; default: boot nothing. */
        public Builder bootPolicy(BootPolicy p) { bootPolicy = Objects.requireNonNull(p); return this; }
        /** The lease store; default: a journal in {@link #dataDir}, or memory when there is none. */
        public Builder leaseStore(LeaseStore s) { leaseStore = s; return this; }
        /** Where the default lease journal lives ({@code dhcp-leases.journal}). */
        public Builder dataDir(Path dir) { dataDir = dir; return this; }
        public Builder listener(DhcpListener l) { listener = Objects.requireNonNull(l); return this; }
        /** A shared event loop group (epoll on Linux); default: the server's own, one thread, closed with it. */
        public Builder eventLoopGroup(EventLoopGroup g) { group = g; return this; }
        public Builder clock(Clock c) { clock = Objects.requireNonNull(c); return this; }

        public DhcpServer build() {
            return new DhcpServer(this);
        }
    }
}
