package org.bootnode.server.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bootnode.testkit.Exec;
import org.bootnode.testkit.Tools;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Overlays for real (docs/overlays.md): both demo nodes boot under qemu with a node script that
 * loads their overlay as a second initrd. node-000's compute image copies it into its new root,
 * node-001's failsafe image into its own root; each console must show its host name, a line of
 * its {@code /etc/hosts} naming both nodes, a file of its group's overlay (printed by that
 * overlay's hook), alice's {@code authorized_keys} and its folder with the owner and mode that
 * overlay declares in {@code .bootnode/owners} ({@code stat} in the hook), and its Ed25519 host
 * key, whose fingerprint must be the one the server keeps in its data folder. node-000 then
 * boots a second time and must show the same key. Two firmware paths: BIOS, where iPXE hands the
 * kernel both archives one after the other, and UEFI, where the EFI stub loads each by its
 * {@code initrd=} argument.
 */
class OverlayBootIT {
    private static final Duration BOOT_LIMIT = Duration.ofSeconds(300);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Pattern HOST_KEY = Pattern.compile("bootnode (?:init|failsafe): ssh host key (ssh-ed25519 \\S+ \\S+)");

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Firmware.class, names = {"IPXE_ROM", "UEFI_PXE"})
    void bothNodesBootWithTheirOverlayAndKeepTheirHostKey(Firmware firmware) throws IOException {
        Path keygen = Tools.require("ssh-keygen").get(0);
        BootAssets assets = BootAssets.get();
        Path target = BootAssets.projectDir().resolve("bootnode-server/target");
        try (BootLab lab = BootLab.create(target.resolve("boot-lab"))) {
            lab.advertiseNoRouter();
            lab.writeConfig(assets); // the TFTP root; the configuration is written below
            Path config = writeConfig(lab, assets);
            lab.serve(config);
            QemuNode n0 = lab.boot("node-000", "fc:ab:14:e8:66:01", firmware);
            QemuNode n1 = lab.boot("node-001", "fc:ab:14:e8:66:02", firmware);
            String hosts = "overlay-test: hosts: 127.0.0.1 localhost 10.0.0.10 node-000 10.0.0.11 node-001";
            String group = "overlay-test: group file: compute of demo";
            String owner = "overlay-test: owner: 1000:1001 600 /home/alice/.ssh/authorized_keys, 1000:1000 700 /home/alice/.ssh";
            await(lab, n0, List.of("bootnode init: hostname node-000", hosts, group, owner, "bootnode init: ssh host key ssh-ed25519 ",
                    BootAssets.COMPUTE_MARKER));
            await(lab, n1, List.of("bootnode failsafe: hostname node-001", hosts, group, owner,
                    "bootnode failsafe: ssh host key ssh-ed25519 ", BootAssets.FAILSAFE_MARKER));

            Path keys = lab.work().resolve("data/ssh-host-keys");
            for (Map.Entry<QemuNode, String> e : Map.of(n0, "node-000", n1, "node-001").entrySet()) {
                String shown = fingerprint(keygen, lab, hostKey(e.getKey()));
                String kept = fingerprint(keygen, lab, Files.readString(keys.resolve(e.getValue() + "/ssh_host_ed25519_key.pub")));
                assertEquals(kept, shown, e.getValue() + ": the console's key is the one in the server's data folder");
                System.out.println("overlay boot " + firmware.label() + " " + e.getValue() + ": " + shown);
            }
            String first = fingerprint(keygen, lab, hostKey(n0));
            n0.close();
            QemuNode again = lab.boot("node-000-again", "fc:ab:14:e8:66:01", firmware);
            await(lab, again, List.of("bootnode init: hostname node-000", "bootnode init: ssh host key ssh-ed25519 ",
                    BootAssets.COMPUTE_MARKER));
            assertEquals(first, fingerprint(keygen, lab, hostKey(again)), "node-000's second boot shows the same host key");
            String json = lab.apiNodes();
            for (String node : List.of("node-000", "node-001")) {
                assertTrue(BootIT.stages(json, node).contains("overlay"), node + " has an overlay event: " + json);
            }
        }
    }

    /**
     * base gives the host name and /etc/hosts; cluster, the group's, a templated file, alice's
     * {@code authorized_keys} owned by her (.bootnode/owners) and a hook that prints a line of
     * /etc/hosts, that file and the owners; ssh-host-keys the host keys.
     */
    private static Path writeConfig(BootLab lab, BootAssets assets) throws IOException {
        Path o = lab.work().resolve("overlays");
        write(o.resolve("base/etc/hostname.mustache"), "{{name}}\n");
        write(o.resolve("base/etc/hosts.mustache"), "127.0.0.1 localhost\n{{#nodes}}{{#ip}}{{ip}} {{name}}\n{{/ip}}{{/nodes}}");
        write(o.resolve("cluster/etc/cluster-role.mustache"), "{{group}} of {{vars.cluster}}\n");
        write(o.resolve("cluster/home/alice/.ssh/authorized_keys"), "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA alice\n");
        write(o.resolve("cluster/.bootnode/owners"), """
                /home/alice/.ssh                   1000:1000 0700
                /home/alice/.ssh/authorized_keys   1000:1001 0600
                """);
        write(o.resolve("cluster/.bootnode/init.d/50-show"), """
                echo "overlay-test: hosts: $(tr '\\n' ' ' < "$1/etc/hosts" | sed 's/ *$//')"
                echo "overlay-test: group file: $(cat "$1/etc/cluster-role")"
                k="$1/home/alice/.ssh"
                f="$(stat -c '%u:%g %a' "$k/authorized_keys") /home/alice/.ssh/authorized_keys"
                echo "overlay-test: owner: $f, $(stat -c '%u:%g %a' "$k") /home/alice/.ssh"
                """);
        String yaml = """
                # Written by OverlayBootIT: the demo's two nodes, each with its overlays.
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
                  compute:  { kernel: "%4$s", initrd: "%5$s", cmdline: "console=ttyS0 panic=-1" }
                  failsafe: { kernel: "%4$s", initrd: "%6$s", cmdline: "console=ttyS0 panic=-1" }
                overlays: { root: overlays, all-nodes: [base], vars: { cluster: demo } }
                groups:
                  compute: { overlays: [cluster, ssh-host-keys] }
                nodes:
                  node-000: { mac: "fc:ab:14:e8:66:01", ip: 10.0.0.10, image: compute, group: compute }
                  node-001: { mac: "fc:ab:14:e8:66:02", ip: 10.0.0.11, image: failsafe, group: compute }
                """.formatted(BootLab.HEAD, lab.bridge(), BootLab.HTTP_PORT, assets.kernel(), assets.compute(), assets.failsafe());
        Path config = lab.work().resolve("bootnode-overlays.yaml");
        Files.writeString(config, yaml);
        Exec.run(Duration.ofMinutes(1), null, BootAssets.bootnode("config", "check", "--config", config.toString())).ok();
        return config;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** Polls the console until it shows every line; fails on the deadline or a dead VM. */
    private static void await(BootLab lab, QemuNode node, List<String> lines) {
        while (true) {
            String console = node.console();
            List<String> missing = lines.stream().filter(l -> !console.contains(l)).toList();
            if (missing.isEmpty()) {
                return;
            }
            if (!node.running() || node.elapsed().compareTo(BOOT_LIMIT) > 0) {
                fail(node.name() + ": " + (node.running() ? "no " + missing + " within " + BOOT_LIMIT.toSeconds() + " s"
                        : "VM exited before " + missing) + "\n--- serial " + node.log() + "\n" + tail(console)
                        + "\n--- serve\n" + tail(lab.serverLog()));
            }
            // The bounded pause of the poll: returns early if this VM dies (checked above).
            node.awaitExit(POLL);
        }
    }

    private static String hostKey(QemuNode node) {
        Matcher m = HOST_KEY.matcher(node.console());
        if (!m.find()) {
            throw new AssertionError(node.name() + ": no ssh host key line\n" + tail(node.console()));
        }
        return m.group(1);
    }

    /** {@code ssh-keygen -l -f} of a public key line: OpenSSH's own fingerprint. */
    private static String fingerprint(Path keygen, BootLab lab, String publicKeyLine) throws IOException {
        Path file = Files.createTempFile(lab.work(), "key", ".pub");
        Files.writeString(file, publicKeyLine.strip() + "\n");
        String out = Exec.ok(Duration.ofSeconds(20), keygen.toString(), "-l", "-f", file.toString()).out();
        return out.split(" ")[1];
    }

    private static String tail(String text) {
        return text.length() <= 6000 ? text : "..." + text.substring(text.length() - 6000);
    }
}
