package org.bootnode.server.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bootnode.testkit.Exec;
import org.bootnode.testkit.Tools;
import org.junit.jupiter.api.Test;

/**
 * An arm64 node boots from bootnode, for real: qemu-system-aarch64 ({@code virt}, cortex-a57,
 * TCG) with Debian's arm64 UEFI firmware and a virtio-net NIC whose option ROM is off, no disk.
 * Its PXE client DISCOVERs with option 93 = 11; bootnode-dhcp's {@code DefaultBootPolicy} names
 * the arm64 boot file; the firmware fetches it over TFTP and starts it.
 *
 * <p>Debian 12 ships no arm64 iPXE, so the arm64 boot file is GRUB's network image from
 * Debian's arm64 packages (scripts/fetch-arm64-boot.sh): it reads {@code /grub/grub.cfg} over
 * TFTP, fetches Debian's arm64 kernel and a failsafe image that {@code bootnode image failsafe}
 * builds around Debian's arm64 busybox, and boots them to the failsafe shell. Every file comes
 * from bootnode's TFTP server; the timeline shows each for the node's MAC.
 *
 * <p>The seconds from VM start to each step are printed and appended to
 * {@code target/boot-times.txt}.
 */
class Arm64IT {
    private static final String NODE = "node-a64";
    private static final String MAC = "fc:ab:14:e8:66:64";
    private static final String IP = "10.0.0.64";
    private static final String BOOT_FILE = "grubnetaa64.efi";
    private static final String KERNEL = "linux-arm64";
    private static final String INITRD = "failsafe-arm64.img";
    /**
     * Generous: under TCG the firmware, GRUB, the 33 MB kernel over TFTP and the failsafe shell
     * took about 20 s here; the machine's two cores are shared.
     */
    private static final Duration BOOT_LIMIT = Duration.ofSeconds(180);
    private static final Duration TIMELINE_LIMIT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration FETCH_LIMIT = Duration.ofMinutes(10);
    /** Printed by the grub.cfg this test writes. */
    private static final String GRUB_MARKER = "bootnode-arm64: grub.cfg read";
    /**
     * What the console shows, in order: the firmware's PXE client, GRUB, the kernel's EFI stub,
     * the kernel, the failsafe image's init.
     */
    private static final List<String> MARKERS = List.of("Start PXE over IPv4", GRUB_MARKER,
            "EFI stub: Booting Linux Kernel", "Booting Linux on physical CPU", BootAssets.FAILSAFE_MARKER);
    /**
     * The firmware giving up on the network boot (edk2's boot manager, then its built-in shell):
     * fail at once rather than wait out the limit at a shell prompt.
     */
    private static final List<String> FELL_THROUGH = List.of("BdsDxe: failed to load", "UEFI Interactive Shell");
    @Test
    void arm64UefiFirmwareBootsGrubFromBootnodeOnToLinux() throws Exception {
        Tools.requireRootAnd("qemu-system-aarch64", "apt-get", "apt-cache", "dpkg", "gzip", "curl");
        Tools.requireFile(Firmware.AARCH64_FIRMWARE, "Debian package qemu-efi-aarch64");
        Path target = BootAssets.projectDir().resolve("bootnode-server/target");
        String cache = System.getenv().getOrDefault("BOOTNODE_CACHE", "/var/cache/bootnode-test");
        Path fetched = Path.of(Exec.ok(FETCH_LIMIT, BootAssets.projectDir().resolve("scripts/fetch-arm64-boot.sh").toString(),
                cache).out().strip());

        try (BootLab lab = BootLab.create(target.resolve("boot-lab"))) {
            Map<String, Long> files = tftpRoot(lab, fetched);
            lab.serve(headCommand(writeConfig(lab)));
            QemuNode node = lab.boot(NODE, MAC, Firmware.UEFI_ARM64_PXE);
            Map<String, Duration> seen = awaitMarkers(node, lab);
            for (var e : seen.entrySet()) {
                String line = String.format(Locale.ROOT, "boot %-9s %s \"%s\" at %.1f s",
                        Firmware.UEFI_ARM64_PXE.label(), NODE, e.getKey(), e.getValue().toMillis() / 1000.0);
                System.out.println(line);
                Files.writeString(target.resolve("boot-times.txt"), Instant.now() + " " + line + "\n",
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }

            List<String[]> events = awaitEvents(lab, node);
            String all = lab.apiNodes() + "\n--- serve\n" + tail(lab.serverLog());
            // DHCP saw client architecture 11 and named the arm64 file: "ADDRESS pxe efi-arm64 FILE, subnet SUBNET"
            // (the dhcp section's own subnet is named by its address).
            String arm64Offer = IP + " pxe efi-arm64 " + BOOT_FILE + ", subnet 10.0.0.0/24";
            assertTrue(events.stream().anyMatch(e -> e[0].equals("dhcp-offer") && e[2].equals(arm64Offer)),
                    "no dhcp-offer \"" + arm64Offer + "\"\n" + all);
            assertTrue(events.stream().anyMatch(e -> e[0].equals("dhcp-ack") && e[2].equals(arm64Offer)),
                    "no dhcp-ack \"" + arm64Offer + "\"\n" + all);
            // Each whole file went over TFTP to this node's address, and the timeline joined it to
            // the MAC. GRUB asks with its prefix: /grub/grub.cfg, /linux-arm64.
            for (var f : files.entrySet()) {
                assertTrue(events.stream().anyMatch(e -> e[0].equals("tftp-file") && e[2].equals(f.getKey())
                        && Long.parseLong(e[1]) == f.getValue()), "no tftp-file " + f.getKey() + " of " + f.getValue() + " bytes\n" + all);
            }
            assertEquals(List.of("dhcp-offer", "dhcp-ack", "tftp-file"),
                    events.stream().map(e -> e[0]).distinct().filter(Firmware.UEFI_ARM64_PXE.stages()::contains).toList(),
                    "stages in order\n" + all);
        }
    }

    /**
     * The TFTP root: GRUB, its grub.cfg, the kernel and a failsafe image built by the packaged
     * jar around arm64 busybox. Returns each name as the timeline shows it, with its size.
     */
    private static Map<String, Long> tftpRoot(BootLab lab, Path fetched) throws IOException {
        Path tftp = Files.createDirectories(lab.work().resolve("tftp"));
        Files.copy(fetched.resolve("grubnetaa64.efi"), tftp.resolve(BOOT_FILE));
        Files.copy(fetched.resolve("Image"), tftp.resolve(KERNEL));
        Exec.run(Duration.ofMinutes(5), null, BootAssets.bootnode("image", "failsafe", "--busybox",
                fetched.resolve("busybox").toString(), "--output", tftp.resolve(INITRD).toString())).ok();
        // panic=-1: a kernel that fails reboots, and -no-reboot ends the VM: the test fails at once.
        Path grubCfg = Files.writeString(Files.createDirectories(tftp.resolve("grub")).resolve("grub.cfg"), """
                set timeout=0
                echo "%s"
                linux /%s console=ttyAMA0 panic=-1
                initrd /%s
                boot
                """.formatted(GRUB_MARKER, KERNEL, INITRD));
        Map<String, Long> files = new LinkedHashMap<>();
        files.put(BOOT_FILE, Files.size(tftp.resolve(BOOT_FILE)));
        files.put("/grub/grub.cfg", Files.size(grubCfg));
        files.put("/" + KERNEL, Files.size(tftp.resolve(KERNEL)));
        files.put("/" + INITRD, Files.size(tftp.resolve(INITRD)));
        return files;
    }

    /** A config in the lab: one arm64 node with a reserved address. */
    private static Path writeConfig(BootLab lab) throws IOException {
        Path tftp = lab.work().resolve("tftp");
        // The node must name an image: the same kernel and initrd, which an arm64 iPXE would
        // fetch over HTTP; GRUB takes them from the TFTP root instead.
        String yaml = """
                # Written by Arm64IT: one arm64 node behind a head node at %1$s.
                server:
                  address: %1$s
                  interface: %2$s
                  data-dir: data
                dhcp:
                  subnet: 10.0.0.0/24
                  router: %1$s
                  lease-time: 1h
                tftp:
                  root: tftp
                http:
                  port: %3$d
                images:
                  arm64: { kernel: "%4$s", initrd: "%5$s", cmdline: "console=ttyAMA0" }
                nodes:
                  %6$s: { mac: "%7$s", ip: %8$s, image: arm64 }
                """.formatted(BootLab.HEAD, lab.bridge(), BootLab.HTTP_PORT, tftp.resolve(KERNEL), tftp.resolve(INITRD), NODE, MAC, IP);
        Path config = lab.work().resolve("bootnode.yaml");
        Files.writeString(config, yaml);
        return config;
    }

    /** {@code java -cp bootnode.jar:test-classes Arm64Head CONFIG FILE}: the packaged server, embedded. */
    private static List<String> headCommand(Path config) throws URISyntaxException {
        Path testClasses = Path.of(Arm64Head.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", BootAssets.jar() + ":" + testClasses, Arm64Head.class.getName(), config.toString(), BOOT_FILE);
    }

    /** Polls the console until each marker shows, in order; fails on the deadline or a dead VM. */
    private static Map<String, Duration> awaitMarkers(QemuNode node, BootLab lab) {
        Map<String, Duration> seen = new LinkedHashMap<>();
        int from = 0;
        for (String marker : MARKERS) {
            while (true) {
                String console = node.console();
                int at = console.indexOf(marker, from);
                if (at >= 0) {
                    seen.put(marker, node.elapsed());
                    from = at + marker.length();
                    break;
                }
                for (String failed : FELL_THROUGH) {
                    if (console.contains(failed)) {
                        fail(NODE + ": the firmware printed \"" + failed + "\" before \"" + marker + "\"\n" + tail(console)
                                + "\n--- serve\n" + tail(lab.serverLog()));
                    }
                }
                if (!node.running()) {
                    fail(NODE + ": VM exited before \"" + marker + "\"\n" + tail(console) + "\n--- serve\n" + tail(lab.serverLog()));
                }
                if (node.elapsed().compareTo(BOOT_LIMIT) > 0) {
                    fail(NODE + ": no \"" + marker + "\" within " + BOOT_LIMIT.toSeconds() + " s\n--- serial " + node.log()
                            + "\n" + tail(console) + "\n--- serve\n" + tail(lab.serverLog()));
                }
                // The bounded pause of the poll: returns at once if the VM dies (checked above).
                node.awaitExit(POLL);
            }
        }
        return seen;
    }

    /** The node's events from /api/nodes once they hold every stage of the path, or at the deadline. */
    private static List<String[]> awaitEvents(BootLab lab, QemuNode clock) {
        Instant deadline = Instant.now().plus(TIMELINE_LIMIT);
        while (true) {
            List<String[]> events = events(lab.apiNodes());
            if (events.stream().map(e -> e[0]).toList().containsAll(Firmware.UEFI_ARM64_PXE.stages())
                    || Instant.now().isAfter(deadline)) {
                return events;
            }
            // The bounded pause between polls of the server's state.
            clock.awaitExit(POLL);
        }
    }

    /** Stage, bytes and detail of each of the node's events in the /api/nodes document (none while it is not JSON yet). */
    private static List<String[]> events(String json) {
        List<String[]> out = new ArrayList<>();
        JsonNode doc;
        try {
            doc = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            return out;
        }
        for (JsonNode n : doc.path("nodes")) {
            if (NODE.equals(n.path("name").asText())) {
                for (JsonNode e : n.path("events")) {
                    out.add(new String[] {e.path("stage").asText(), e.path("bytes").asText(), e.path("detail").asText()});
                }
            }
        }
        return out;
    }

    private static String tail(String text) {
        return text.length() <= 6000 ? text : "..." + text.substring(text.length() - 6000);
    }
}
