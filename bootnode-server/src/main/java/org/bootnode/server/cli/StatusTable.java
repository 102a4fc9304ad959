package org.bootnode.server.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Formats the document of {@code GET /api/nodes} as a table: one line per node (name, MAC,
 * address, image, state, time from its first event to its last), then its boot steps indented,
 * each with its time, the seconds since the first step, bytes and detail.
 */
final class StatusTable {
    private StatusTable() {}

    static String format(Object document, ZoneId zone) {
        if (!(document instanceof Map<?, ?> doc) || !(doc.get("nodes") instanceof List<?> nodes)) {
            throw new IllegalArgumentException("status: not a bootnode /api/nodes document");
        }
        List<String[]> rows = new ArrayList<>();
        List<List<String>> steps = new ArrayList<>();
        rows.add(new String[] {"NODE", "MAC", "IP", "IMAGE", "STATE", "BOOT"});
        steps.add(List.of());
        List<Object> all = new ArrayList<>(nodes);
        if (doc.get("unknown") instanceof List<?> unknown) {
            all.addAll(unknown);
        }
        DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(zone);
        for (Object o : all) {
            if (!(o instanceof Map<?, ?> node)) {
                continue;
            }
            List<?> events = node.get("events") instanceof List<?> l ? l : List.of();
            Instant first = null;
            Instant last = null;
            List<String> lines = new ArrayList<>();
            for (Object e : events) {
                if (!(e instanceof Map<?, ?> event)) {
                    continue;
                }
                Instant t = Instant.parse(text(event.get("time")));
                first = first == null ? t : first;
                last = t;
                long bytes = event.get("bytes") instanceof Number b ? b.longValue() : 0;
                lines.add(String.format("    %s  %+8.3fs  %-10s %10s  %s", clock.format(t),
                        Duration.between(first, t).toMillis() / 1000.0, text(event.get("stage")),
                        bytes > 0 ? bytes + " B" : "", text(event.get("detail"))));
            }
            String boot = first == null ? "-" : String.format("%.1fs", Duration.between(first, last).toMillis() / 1000.0);
            rows.add(new String[] {node.containsKey("name") ? text(node.get("name")) : "(unknown)", text(node.get("mac")),
                    text(node.get("ip")), text(node.get("image")), text(node.get("state")), boot});
            steps.add(lines);
        }
        int[] width = new int[6];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                line.append(String.format("%-" + width[i] + "s", rows.get(r)[i])).append(i < 5 ? "  " : "");
            }
            out.append(line.toString().stripTrailing()).append('\n');
            for (String step : steps.get(r)) {
                out.append(step.stripTrailing()).append('\n');
            }
        }
        return out.toString();
    }

    private static String text(Object o) {
        return o == null ? "-" : o.toString();
    }
}
