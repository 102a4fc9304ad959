package org.bootnode.storm;

import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a storm measured: nodes booted and failed, wall time, per-node and per-stage time
 * percentiles, address conflicts, DHCP resends, and the server's CPU seconds and peak memory.
 * Printed for people; written as properties ({@code key=value}) for run.sh's ratios.
 */
final class StormReport {
    private final StormConfig config;
    private final List<NodeResult> results;
    private final long wallNanos;
    private final long dhcpSent;
    private final long dhcpUnmatched;
    private final ProcessStats serverBefore;
    private final ProcessStats serverAfter;
    private final Generator self;
    private final List<String> serverThreads;
    private final Restart restart;
    private final Map<String, String> values = new LinkedHashMap<>();

    StormReport(StormConfig config, List<NodeResult> results, long wallNanos, long dhcpSent, long dhcpUnmatched,
                ProcessStats serverBefore, ProcessStats serverAfter, Generator self,
                List<String> serverThreads, Restart restart) {
        this.config = config;
        this.results = results;
        this.wallNanos = wallNanos;
        this.dhcpSent = dhcpSent;
        this.dhcpUnmatched = dhcpUnmatched;
        this.serverBefore = serverBefore;
        this.serverAfter = serverAfter;
        this.self = self;
        this.serverThreads = serverThreads;
        this.restart = restart;
        compute();
    }

    long booted() {
        return results.stream().filter(NodeResult::booted).count();
    }

    long failed() {
        return results.size() - booted();
    }

    /** Addresses that iPXE's DHCP gave to more than one MAC. */
    int conflicts() {
        return Integer.parseInt(values.get("address_conflicts"));
    }

    private void compute() {
        values.put("label", config.label());
        values.put("nodes", Integer.toString(results.size()));
        values.put("booted", Long.toString(booted()));
        values.put("failed", Long.toString(failed()));
        values.put("wall_s", seconds(wallNanos));
        long[] totals = results.stream().filter(NodeResult::booted).mapToLong(NodeResult::totalNanos).sorted().toArray();
        percentiles("node", totals);
        for (Stage s : Stage.values()) {
            long[] t = results.stream().filter(NodeResult::booted).mapToLong(r -> r.stageNanos()[s.ordinal()]).sorted().toArray();
            percentiles(s.label().replace('-', '_'), t);
            values.put("retries_" + s.label().replace('-', '_'),
                    Integer.toString(results.stream().mapToInt(r -> r.retries()[s.ordinal()]).sum()));
        }
        // TFTP's last attempt alone: the transfer's speed, apart from refusals and the waits after them
        percentiles("tftp_last_attempt", results.stream().filter(NodeResult::booted)
                .mapToLong(r -> r.lastAttemptNanos()[Stage.TFTP.ordinal()]).sorted().toArray());
        Map<Inet4Address, Object> owner = new HashMap<>();
        int conflicts = 0;
        int moved = 0;
        for (NodeResult r : results) {
            for (Inet4Address a : new Inet4Address[] {r.pxeAddress(), r.address()}) {
                if (a != null) {
                    Object prev = owner.putIfAbsent(a, r.node().mac());
                    if (prev != null && !prev.equals(r.node().mac())) {
                        conflicts++;
                    }
                }
            }
            if (r.pxeAddress() != null && r.address() != null && !r.pxeAddress().equals(r.address())) {
                moved++;
            }
        }
        values.put("address_conflicts", Integer.toString(conflicts));
        values.put("address_changed_between_dhcps", Integer.toString(moved));
        values.put("retries", Integer.toString(results.stream().mapToInt(NodeResult::allRetries).sum()));
        values.put("tftp_file_bytes", Long.toString(results.stream().mapToLong(NodeResult::tftpBytes).sum()));
        values.put("dhcp_sent", Long.toString(dhcpSent));
        values.put("dhcp_unmatched_replies", Long.toString(dhcpUnmatched));
        ProcessStats during = serverAfter.minusCpu(serverBefore);
        values.put("server_processes", Integer.toString(serverAfter.processes()));
        values.put("server_cpu_s", String.format(Locale.ROOT, "%.2f", during.cpuSeconds()));
        // the measure: CPU per booted node, so that a server that fails nodes does not look cheap
        values.put("server_cpu_ms_per_booted", String.format(Locale.ROOT, "%.2f",
                booted() == 0 ? 0.0 : 1000 * during.cpuSeconds() / booted()));
        values.put("server_cpu_total_s", String.format(Locale.ROOT, "%.2f", serverAfter.cpuSeconds()));
        values.put("server_peak_rss_mib", String.format(Locale.ROOT, "%.1f", serverAfter.peakRssKib() / 1024.0));
        values.put("generator_cpu_s", String.format(Locale.ROOT, "%.2f", self.cpuSeconds()));
        // a generator near 1 CPU second per second is part of every round trip it measures
        values.put("generator_cpu_per_wall", String.format(Locale.ROOT, "%.2f",
                wallNanos == 0 ? 0.0 : self.cpuSeconds() / (wallNanos / 1e9)));
        values.put("generator_http_body_spliced_bytes", Long.toString(self.splicedBytes()));
        values.put("server_sum_peak_rss_mib", String.format(Locale.ROOT, "%.1f", serverAfter.sumPeakRssKib() / 1024.0));
        if (restart != null) {
            values.put("restart_down_ms", Long.toString(restart.startedMillis() - restart.killedMillis()));
            values.put("restart_first_dhcp_ms", Long.toString(restart.firstDhcpMillis()));
            values.put("restart_first_http_ms", Long.toString(restart.firstHttpMillis()));
        }
    }

    private void percentiles(String name, long[] sorted) {
        values.put(name + "_p50_s", seconds(rank(sorted, 0.50)));
        values.put(name + "_p95_s", seconds(rank(sorted, 0.95)));
        values.put(name + "_p99_s", seconds(rank(sorted, 0.99)));
        values.put(name + "_max_s", seconds(sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
    }

    /** Nearest rank: the smallest value with at least {@code q} of the values at or below it. */
    static long rank(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }

    void print(PrintStream out) {
        String l = config.label();
        out.printf(Locale.ROOT, "%s: %s nodes, %s booted, %s failed, wall %s s (power-on spread %.1f s)%n", l,
                values.get("nodes"), values.get("booted"), values.get("failed"), values.get("wall_s"),
                config.spread().toMillis() / 1000.0);
        out.printf(Locale.ROOT, "%s: per node     p50 %s  p95 %s  p99 %s  max %s s%n", l, values.get("node_p50_s"),
                values.get("node_p95_s"), values.get("node_p99_s"), values.get("node_max_s"));
        for (Stage s : Stage.values()) {
            String k = s.label().replace('-', '_');
            out.printf(Locale.ROOT, "%s:   %-10s p50 %s  p95 %s  p99 %s  max %s s  retries %s%n", l, s.label(), values.get(k + "_p50_s"),
                    values.get(k + "_p95_s"), values.get(k + "_p99_s"), values.get(k + "_max_s"), values.get("retries_" + k));
            if (s == Stage.TFTP) {
                out.printf(Locale.ROOT, "%s:   %-10s p50 %s  p95 %s  p99 %s  max %s s  (the last attempt alone)%n", l, "",
                        values.get("tftp_last_attempt_p50_s"), values.get("tftp_last_attempt_p95_s"),
                        values.get("tftp_last_attempt_p99_s"), values.get("tftp_last_attempt_max_s"));
            }
        }
        out.printf("%s: address conflicts %s, addresses changed between the two DHCPs %s, retries %s, DHCP sent %s (unmatched replies %s)%n",
                l, values.get("address_conflicts"), values.get("address_changed_between_dhcps"), values.get("retries"),
                values.get("dhcp_sent"), values.get("dhcp_unmatched_replies"));
        if (!config.pids().isEmpty()) {
            out.printf("%s: server CPU %s ms per booted node%n", l, values.get("server_cpu_ms_per_booted"));
            out.printf("%s: server CPU %s s during the storm (%s s since it started), peak RSS %s MiB (%s processes, peaks added: %s MiB)%n",
                    l, values.get("server_cpu_s"), values.get("server_cpu_total_s"), values.get("server_peak_rss_mib"),
                    values.get("server_processes"), values.get("server_sum_peak_rss_mib"));
        }
        for (String t : serverThreads) {
            out.printf("%s:   server thread %s%n", l, t);
        }
        if (restart != null) {
            out.printf("%s: restart: server SIGKILLed and started again %s ms later; from that start to its first DHCP answer %s ms,"
                    + " to its first HTTP answer %s ms (-1: none)%n", l, values.get("restart_down_ms"),
                    values.get("restart_first_dhcp_ms"), values.get("restart_first_http_ms"));
        }
        out.printf("%s: the generator itself used %s s of CPU (on the same cores), %s s per second of the storm; HTTP bodies"
                + " spliced to /dev/null: %s bytes (%s)%n", l, values.get("generator_cpu_s"), values.get("generator_cpu_per_wall"),
                values.get("generator_http_body_spliced_bytes"), self.transport());
        for (String t : self.threads()) {
            out.printf("%s:   generator thread %s%n", l, t);
        }
        Map<String, Integer> reasons = new TreeMap<>();
        for (NodeResult r : results) {
            if (!r.booted()) {
                reasons.merge(r.failedAt().label() + ": " + r.error(), 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> top = new ArrayList<>(reasons.entrySet());
        top.sort((a, b) -> b.getValue() - a.getValue());
        for (Map.Entry<String, Integer> e : top.subList(0, Math.min(8, top.size()))) {
            out.printf("%s: failed %d x %s%n", l, e.getValue(), e.getKey());
        }
    }

    void write() throws IOException {
        if (config.out() != null) {
            StringBuilder b = new StringBuilder();
            values.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
            Files.writeString(config.out(), b);
        }
        if (config.nodesOut() != null) {
            StringBuilder b = new StringBuilder("# mac pxe-address address booted total_s " + String.join(" ",
                    Arrays.stream(Stage.values()).map(Stage::label).toList()) + " error\n");
            for (NodeResult r : results) {
                b.append(r.node().macText()).append(' ')
                        .append(r.pxeAddress() == null ? "-" : r.pxeAddress().getHostAddress()).append(' ')
                        .append(r.address() == null ? "-" : r.address().getHostAddress()).append(' ')
                        .append(r.booted()).append(' ').append(seconds(r.totalNanos()));
                for (long t : r.stageNanos()) {
                    b.append(' ').append(seconds(t));
                }
                b.append(' ').append(r.booted() ? "-" : (r.failedAt().label() + ": " + r.error())).append('\n');
            }
            Files.writeString(config.nodesOut(), b);
        }
    }

    /**
     * The generator's own costs during the storm.
     *
     * @param cpuSeconds   its CPU time, user and system
     * @param threads      its CPU by thread, as {@link ThreadCpu#top} words it
     * @param splicedBytes HTTP body bytes it discarded in the kernel
     * @param transport    its loops' transport, epoll or nio
     */
    record Generator(double cpuSeconds, List<String> threads, long splicedBytes, String transport) {}
}
