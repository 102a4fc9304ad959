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
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.lease.Lease;
import org.bootnode.dhcp.lease.Reservation;
import org.bootnode.dhcp.lease.Subnet;
import org.bootnode.dhcp.lease.LeaseStore;
import org.bootnode.dhcp.pxe.ClientKind;
import org.bootnode.dhcp.pxe.BootPolicy;
import org.bootnode.dhcp.pxe.DefaultBootPolicy;
import org.bootnode.dhcp.server.DhcpEvent;
import org.bootnode.dhcp.server.DhcpListener;
import org.bootnode.dhcp.server.DhcpServer;
import org.bootnode.dhcp.server.DhcpServerConfig;
import org.bootnode.dhcp.server.IgnoreReason;
import org.bootnode.server.BootUrls;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.DhcpSection;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.config.TftpSection;
import org.bootnode.server.inventory.BootStage;
import org.bootnode.server.inventory.BootTimeline;
import org.bootnode.server.inventory.Inventory;
import org.bootnode.server.metrics.ServerMetrics;
import org.bootnode.server.log.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHCP bridge: bootnode-dhcp configured from the {@code dhcp} section, the nodes'
 * reservations, and the boot policy of docs/server.md (next server = the server's address;
 * BIOS gets undionly.kpxe, x86-64 UEFI snponly.efi when the TFTP root has it, else ipxe.efi;
 * iPXE gets its script URL; UEFI HTTP boot gets {@code /tftp/snponly.efi} over HTTP).
 */
public final class DhcpService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DhcpService.class);

    private final DhcpServer server;

    private DhcpService(DhcpServer server) {
        this.server = server;
    }

    /** Starts bootnode-dhcp as the configuration's {@code dhcp} section says. */
    public static DhcpService start(BootConfig config, Inventory inventory, BootUrls urls, EventLoopGroup group,
            BootTimeline timeline, ServerMetrics metrics, BootPolicy bootPolicy, LeaseStore leaseStore) {
        DhcpSection d = config.dhcp().orElseThrow();
        DhcpServerConfig.Builder c = DhcpServerConfig.builder()
                .serverAddress(config.server().address())
                .interfaceName(config.server().interfaceName())
                .port(d.port())
                .subnet(d.subnet() != null ? d.subnet() : new Subnet(config.server().address(), 32))
                .dnsServers(d.dnsServers())
                .domain(d.domain())
                .leaseTime(d.leaseTime())
                .unknownClients(d.unknownClients())
                .proxy(d.proxy())
                .declineProbation(d.declineProbation())
                .maxDeclined(d.maxDeclined())
                .journalDamage(d.journalDamage());
        if (d.router() != null) {
            c.router(d.router());
        }
        if (d.pool() != null) {
            c.pool(d.pool());
        }
        Path dataDir = config.server().dataDir();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("server.data-dir: cannot create " + dataDir + ": " + e.getMessage(), e);
        }
        DhcpServer server = DhcpServer.builder(c.build())
                .reservations(reservations(inventory))
                .bootPolicy(bootPolicy != null ? bootPolicy : bootPolicy(config, urls))
                .dataDir(dataDir)
                .leaseStore(leaseStore)
                .listener(new Bridge(timeline, metrics))
                .eventLoopGroup(group)
                .build();
        try {
            server.start();
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException("dhcp: cannot start on port " + d.port() + ": " + e.getMessage(), e);
        }
        return new DhcpService(server);
    }

    static DefaultBootPolicy bootPolicy(BootConfig config, BootUrls urls) {
        Optional<Path> root = config.tftp().map(TftpSection::root);
        boolean snponly = root.map(r -> Files.isRegularFile(r.resolve("snponly.efi"))).orElse(false);
        // snponly.efi drives the NIC through the firmware's own SNP driver: it works on every
        // UEFI NIC, where ipxe.efi needs one of its own drivers to match.
        String efi = snponly ? "snponly.efi" : "ipxe.efi";
        DefaultBootPolicy.Builder p = DefaultBootPolicy.builder()
                .nextServer(config.server().address())
                .biosFile("undionly.kpxe")
                .uefiX64File(efi);
        if (urls != null) {
            p.scriptUrl(mac -> mac.length() == MacAddress.ETHERNET_LENGTH ? urls.nodeScript(mac) : urls.genericScript());
            if (root.isPresent()) {
                p.httpBootUrl(urls.tftpFile(efi));
            }
        }
        log.info("dhcp: boot files undionly.kpxe (BIOS), {} (UEFI x86-64) from {}{}", efi, config.server().address().getHostAddress(),
                urls == null ? "; no HTTP section, so iPXE gets no script URL" : ", iPXE scripts at " + urls.nodeScriptTemplate());
        return p.build();
    }

    private static List<Reservation> reservations(Inventory inventory) {
        List<Reservation> out = new ArrayList<>();
        for (NodeSpec node : inventory.nodes()) {
            if (node.ip() != null) {
                out.add(new Reservation(node.mac(), node.ip(), node.name()));
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

    /** Swaps the reservations for those of a reloaded inventory; leases in the store stay. */
    public void update(Inventory inventory) {
        server.reservations(reservations(inventory));
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

        Bridge(BootTimeline timeline, ServerMetrics metrics) {
            this.timeline = timeline;
            this.metrics = metrics;
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
            if (reason instanceof IgnoreReason.Malformed || reason instanceof IgnoreReason.StoreFailed) {
                metrics.dhcpErrors.increment();
            }
            log.debug("dhcp {}: ignored, {}", mac, LogText.escape(String.valueOf(reason)));
        }

        private void record(DhcpEvent e, BootStage stage) {
            if (e.mac().length() != MacAddress.ETHERNET_LENGTH) {
                return;
            }
            MacAddress mac = e.mac();
            // An operating system's client names no architecture: show none rather than a default.
            String arch = e.kind() == ClientKind.DHCP ? "" : " " + e.arch();
            String detail = e.address().getHostAddress() + " " + e.kind().name().toLowerCase(Locale.ROOT)
                    + arch + (e.bootFile().isEmpty() ? "" : " " + e.bootFile());
            timeline.record(mac, stage, 0, detail);
        }
    }
}
