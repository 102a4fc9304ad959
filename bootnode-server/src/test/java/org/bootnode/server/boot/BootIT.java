package org.bootnode.server.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole boot, for real: both demo nodes boot from {@code bootnode serve} under qemu (TCG),
 * on each firmware path, at the same time. node-000 must reach the compute root file system's
 * own init (unpacked into a tmpfs), node-001 the failsafe image's shell, and {@code /api/nodes}
 * must show every stage of each node's boot. The seconds from VM start to each marker are
 * printed and appended to {@code target/boot-times.txt}.
 */
class BootIT {
    /** Generous: a TCG boot takes 20 to 80 s here, on 2 shared cores with two VMs at once. */
    private static final Duration BOOT_LIMIT = Duration.ofSeconds(240);
    private static final Duration TIMELINE_LIMIT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Pattern STAGE = Pattern.compile("\"stage\":\"([a-z-]+)\"");
    private static final Pattern WARNING = Pattern.compile("bootnode (init|failsafe): (warning|FAILED)");

    @ParameterizedTest(name = "{0}")
    // arm64 has no iPXE to chain to the images: Arm64IT boots that path as far as it goes.
    @EnumSource(value = Firmware.class, names = "UEFI_ARM64_PXE", mode = EnumSource.Mode.EXCLUDE)
    void bothNodesBootOnEachFirmwarePath(Firmware firmware) throws IOException {
        BootAssets assets = BootAssets.get();
        Path target = BootAssets.projectDir().resolve("bootnode-server/target");
        try (BootLab lab = BootLab.create(target.resolve("boot-lab"))) {
            lab.advertiseNoRouter();
            lab.serve(lab.writeConfig(assets));
            Map<QemuNode, String> markers = new LinkedHashMap<>();
            markers.put(lab.boot("node-000", "fc:ab:14:e8:66:01", firmware),
                    BootAssets.COMPUTE_MARKER + " (init pid 1, root tmpfs)");
            markers.put(lab.boot("node-001", "fc:ab:14:e8:66:02", firmware), BootAssets.FAILSAFE_MARKER);

            Map<QemuNode, Duration> booted = awaitMarkers(markers, lab);
            for (var e : booted.entrySet()) {
                String line = String.format(Locale.ROOT, "boot %-9s %s booted in %.1f s",
                        firmware.label(), e.getKey().name(), e.getValue().toMillis() / 1000.0);
                System.out.println(line);
                Files.writeString(target.resolve("boot-times.txt"), Instant.now() + " " + line + "\n",
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            assertTimeline(lab, firmware, markers.keySet());
        }
    }

    /** Polls every console until each shows its marker; fails on the deadline or a dead VM. */
    private static Map<QemuNode, Duration> awaitMarkers(Map<QemuNode, String> markers, BootLab lab) {
        Map<QemuNode, Duration> booted = new LinkedHashMap<>();
        QemuNode first = markers.keySet().iterator().next();
        while (booted.size() < markers.size()) {
            for (var e : markers.entrySet()) {
                QemuNode node = e.getKey();
                if (booted.containsKey(node)) {
                    continue;
                }
                if (node.console().contains(e.getValue())) {
                    booted.put(node, node.elapsed());
                } else if (!node.running()) {
                    fail(node.name() + " (" + node.firmware().label() + "): VM exited before \"" + e.getValue()
                            + "\"\n" + tail(node.console()) + "\n--- serve\n" + tail(lab.serverLog()));
                } else if (node.elapsed().compareTo(BOOT_LIMIT) > 0) {
                    fail(node.name() + " (" + node.firmware().label() + "): no \"" + e.getValue() + "\" within "
                            + BOOT_LIMIT.toSeconds() + " s\n--- serial " + node.log() + "\n" + tail(node.console())
                            + "\n--- serve\n" + tail(lab.serverLog()));
                }
            }
            // The bounded pause of the poll: returns early if this VM dies (checked above).
            first.awaitExit(POLL);
        }
        return booted;
    }

    /** /api/nodes must show every expected stage of each node's (latest) boot. */
    private static void assertTimeline(BootLab lab, Firmware firmware, Set<QemuNode> nodes) {
        QemuNode clock = nodes.iterator().next();
        Instant deadline = Instant.now().plus(TIMELINE_LIMIT);
        String json;
        Map<String, Set<String>> missing;
        while (true) {
            json = lab.apiNodes();
            missing = new LinkedHashMap<>();
            for (QemuNode node : nodes) {
                Set<String> want = new TreeSet<>(firmware.stages());
                want.removeAll(stages(json, node.name()));
                if (!want.isEmpty()) {
                    missing.put(node.name(), want);
                }
            }
            if (missing.isEmpty() || Instant.now().isAfter(deadline)) {
                break;
            }
            // The bounded pause between polls of the server's state.
            clock.awaitExit(POLL);
        }
        StringBuilder warnings = new StringBuilder();
        for (QemuNode node : nodes) {
            node.console().lines().filter(l -> WARNING.matcher(l).find())
                    .forEach(l -> warnings.append(node.name()).append(": ").append(l.strip()).append('\n'));
        }
        assertEquals(Map.of(), missing, "stages missing from /api/nodes for " + firmware.label()
                + "\n--- what the images' init warned on the consoles\n" + warnings
                + "--- /api/nodes\n" + json + "\n--- serve\n" + tail(lab.serverLog()));
    }

    /** The stages of one node's events in the /api/nodes document, in order. */
    static Set<String> stages(String json, String node) {
        int at = json.indexOf("\"name\":\"" + node + "\"");
        if (at < 0) {
            return Set.of();
        }
        int end = json.indexOf("{\"name\":\"", at + 1);
        int unknown = json.indexOf("\"unknown\":", at);
        if (end < 0 || (unknown >= 0 && unknown < end)) {
            end = unknown < 0 ? json.length() : unknown;
        }
        Set<String> stages = new LinkedHashSet<>();
        Matcher m = STAGE.matcher(json.substring(at, end));
        while (m.find()) {
            stages.add(m.group(1));
        }
        return stages;
    }

    private static String tail(String text) {
        return text.length() <= 6000 ? text : "..." + text.substring(text.length() - 6000);
    }
}
