package org.bootnode.server.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The server's counters and gauges, written in the Prometheus text format (version 0.0.4) at
 * {@code /metrics}. A fixed set, so no label value ever comes from a client.
 */
public final class ServerMetrics {
    /** A named number: a counter only goes up, a gauge goes both ways. */
    public static final class Metric {
        private final String name;
        private final String help;
        private final boolean counter;
        private final LongAdder value = new LongAdder();
        private volatile LongSupplier source;

        private Metric(String name, String help, boolean counter) {
            this.name = name;
            this.help = help;
            this.counter = counter;
        }

        /** Adds one. */
        public void increment() {
            value.increment();
        }

        /** Subtracts one (gauges only). */
        public void decrement() {
            value.decrement();
        }

        /** Adds {@code n}. */
        public void add(long n) {
            value.add(n);
        }

        /** The current value. */
        public long get() {
            LongSupplier s = source;
            return s != null ? s.getAsLong() : value.sum();
        }

        /** Makes this gauge read its value from {@code source} (e.g. a server's own count) instead. */
        public void track(LongSupplier source) {
            this.source = source;
        }

        /** The metric's name. */
        public String name() {
            return name;
        }
    }

    private final List<Metric> all = new ArrayList<>();

    /** HTTP requests answered. */
    public final Metric httpRequests = counter("bootnode_http_requests_total", "HTTP requests answered.");
    /** HTTP answers with a 4xx or 5xx status. */
    public final Metric httpErrors = counter("bootnode_http_errors_total", "HTTP answers with status 400 or above.");
    /** Body bytes sent over HTTP. */
    public final Metric httpBytes = counter("bootnode_http_sent_bytes_total", "HTTP body bytes sent.");
    /** Open HTTP connections. */
    public final Metric httpConnections = gauge("bootnode_http_connections", "HTTP connections open.");
    /** Connections closed at accept because too many were open, in all or from one address. */
    public final Metric httpRejected = counter("bootnode_http_connections_rejected_total",
            "HTTP connections closed at accept: too many open, in all or from one address.");
    /** File bodies being sent. */
    public final Metric httpTransfers = gauge("bootnode_http_transfers_in_flight", "HTTP file bodies being sent.");
    /** DHCP offers sent. */
    public final Metric dhcpOffers = counter("bootnode_dhcp_offers_total", "DHCP offers sent.");
    /** DHCP acks sent. */
    public final Metric dhcpAcks = counter("bootnode_dhcp_acks_total", "DHCP acks sent.");
    /** DHCP naks sent. */
    public final Metric dhcpNaks = counter("bootnode_dhcp_naks_total", "DHCP naks sent.");
    /** DHCP DECLINEs honoured. */
    public final Metric dhcpDeclines = counter("bootnode_dhcp_declines_total",
            "DHCP DECLINEs honoured: addresses reported in use by their lease holder, set aside or logged.");
    /** DHCP RELEASEs that freed a lease. */
    public final Metric dhcpReleases = counter("bootnode_dhcp_releases_total", "DHCP RELEASEs that freed a lease.");
    /** DHCP INFORMs answered. */
    public final Metric dhcpInforms = counter("bootnode_dhcp_informs_total", "DHCP INFORMs answered.");
    /** DHCP packets received. */
    public final Metric dhcpReceived = counter("bootnode_dhcp_received_total", "DHCP packets received; each is also counted as an offer, ack, nak, decline, release, inform or ignored packet.");
    /** DHCP packets ignored. */
    public final Metric dhcpIgnored = counter("bootnode_dhcp_ignored_total", "DHCP packets ignored (see the debug log for why).");
    /** DHCP packets that could not be decoded, or failed replies. */
    public final Metric dhcpErrors = counter("bootnode_dhcp_errors_total", "DHCP packets that could not be decoded or answered.");
    /** TFTP transfers completed. */
    public final Metric tftpTransfers = counter("bootnode_tftp_transfers_total", "TFTP transfers completed.");
    /** TFTP transfers failed. */
    public final Metric tftpErrors = counter("bootnode_tftp_errors_total", "TFTP transfers failed or refused.");
    /** TFTP bytes sent. */
    public final Metric tftpBytes = counter("bootnode_tftp_sent_bytes_total", "TFTP data bytes sent.");
    /** TFTP transfers running. */
    public final Metric tftpInFlight = gauge("bootnode_tftp_transfers_in_flight", "TFTP transfers running.");
    /** Nodes whose image reported a boot. */
    public final Metric boots = counter("bootnode_boots_total", "Boots reported by the images' init.");
    /** Lease writes the shared database committed (store.postgres; 0 with the journal). */
    public final Metric storeCommitted = counter("bootnode_store_committed_total",
            "Lease writes committed by the shared PostgreSQL store (0 with the lease journal).");
    /** Lease puts the database refused: another head node's client holds the address. */
    public final Metric storeConflicts = counter("bootnode_store_conflicts_total",
            "Lease puts refused by the shared store: another client holds the address; no ack was sent.");
    /** Lease writes failed: database away, connection lost, queue full. */
    public final Metric storeFailed = counter("bootnode_store_writes_failed_total",
            "Lease writes failed in the shared store (database away, connection lost, queue full); no ack was sent.");
    /** Times the store's database connection was lost (each followed by a reconnect attempt). */
    public final Metric storeConnectionsLost = counter("bootnode_store_connections_lost_total",
            "Times the shared store lost its database connection; it reconnects by itself.");
    /** Reservations acked from memory while the database was away. */
    public final Metric storeAcceptedUnavailable = counter("bootnode_store_accepted_unavailable_total",
            "Node reservations acked from memory while the shared store's database was away.");
    /** 1 while the shared store's database accepts writes, else 0 (always 0 with the journal). */
    public final Metric storeAvailable = gauge("bootnode_store_available",
            "1 while the shared PostgreSQL store accepts writes, else 0 (0 with the lease journal).");
    /** Boot events written to the shared database (store.postgres). */
    public final Metric storeEventsWritten = counter("bootnode_store_events_written_total",
            "Boot events this server wrote to the shared PostgreSQL store (0 with the lease journal).");
    /** Boot events dropped: the queue to the shared database was full (database away or slow). */
    public final Metric storeEventsDropped = counter("bootnode_store_events_dropped_total",
            "Boot events not shared: the queue to the shared store was full (database away or slow).");
    /** Other servers' boot events merged into this server's timeline. */
    public final Metric storeEventsReceived = counter("bootnode_store_events_received_total",
            "Other head nodes' boot events read from the shared store into this server's timeline.");
    /** Boot reports from an address that is not the node's. */
    public final Metric bootedRefused = counter("bootnode_http_booted_refused_total",
            "Boot reports refused because they came from another address than the node's own.");
    /** Requests the admin listener answered. */
    public final Metric adminRequests = counter("bootnode_admin_requests_total", "Requests to the admin listener.");
    /** Admin requests the access check refused. */
    public final Metric adminRefused = counter("bootnode_admin_refused_total",
            "Admin requests refused by the access check (401: no or unknown token; 403: a read-only token on a write;"
            + " 400: plain HTTP on the TLS port).");
    /** Reloads done. */
    public final Metric reloads = counter("bootnode_reloads_total", "Configuration reloads applied.");
    /** Reloads refused. */
    public final Metric reloadErrors = counter("bootnode_reload_errors_total", "Configuration reloads refused (bad file).");

    private Metric counter(String name, String help) {
        Metric m = new Metric(name, help, true);
        all.add(m);
        return m;
    }

    private Metric gauge(String name, String help) {
        Metric m = new Metric(name, help, false);
        all.add(m);
        return m;
    }

    /** Every metric declared, in the order of {@link #prometheusText()}. */
    public List<Metric> all() {
        return List.copyOf(all);
    }

    /** Every metric, in the Prometheus text exposition format. */
    public String prometheusText() {
        StringBuilder out = new StringBuilder();
        for (Metric m : all) {
            out.append("# HELP ").append(m.name).append(' ').append(m.help).append('\n');
            out.append("# TYPE ").append(m.name).append(' ').append(m.counter ? "counter" : "gauge").append('\n');
            out.append(m.name).append(' ').append(m.get()).append('\n');
        }
        return out.toString();
    }
}
