package org.bootnode.server.overlay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.ConfigException;
import org.bootnode.server.config.ConfigReader;

/**
 * A configuration with overlays in a folder of its own: {@code base} for every node (hostname and
 * hosts templates, a motd), {@code slurm} and {@code ssh-host-keys} for the group {@code compute},
 * {@code node0} for node-000 alone (its own motd over base's), and {@code admin} with a secret
 * folder. node-000 is at 127.0.0.1, node-001 at 127.0.0.2, node-002 has no overlays of its own
 * group and no ip.
 */
public final class OverlayFixture {
    private OverlayFixture() {}

    /** The configuration file, written under {@code dir}. */
    public static Path write(Path dir) throws IOException {
        Files.writeString(dir.resolve("vmlinuz"), "kernel");
        Files.writeString(dir.resolve("initrd.img"), "initrd");
        Path o = dir.resolve("overlays");
        file(o.resolve("base/etc/hostname.mustache"), "{{name}}\n", "rw-r--r--");
        file(o.resolve("base/etc/hosts.mustache"), "127.0.0.1 localhost\n{{#nodes}}{{#ip}}{{ip}} {{name}}\n{{/ip}}{{/nodes}}",
                "rw-r--r--");
        file(o.resolve("base/etc/motd"), "base\n", "rw-r--r--");
        file(o.resolve("slurm/etc/slurm/slurm.conf.mustache"), "ClusterName={{vars.cluster}}\nPartition={{vars.partition}}\n"
                + "SlurmctldHost={{server}}\n", "rw-r--r--");
        file(o.resolve("slurm/usr/local/bin/slurm-check"), "#!/bin/sh\necho ok\n", "rwxr-xr-x");
        file(o.resolve("node0/etc/motd"), "node-000's own\n", "rw-r--r--");
        file(o.resolve("admin/root/.ssh/authorized_keys"), "ssh-ed25519 AAAAC3Nza admin\n", "rw-r--r--");
        file(o.resolve("admin/root/.ssh/.bootnode-secret"), "", "rw-r--r--");
        file(o.resolve("admin/.bootnode/init.d/50-hello"), "echo hello from the overlay\n", "rw-r--r--");
        Path config = dir.resolve("bootnode.yaml");
        Files.writeString(config, """
                server: { address: 127.0.0.254, data-dir: data }
                images:
                  compute: { kernel: vmlinuz, initrd: initrd.img }
                overlays: { root: overlays, all-nodes: [base], vars: { cluster: demo, partition: all } }
                groups:
                  compute: { image: compute, overlays: [slurm, ssh-host-keys], vars: { partition: batch } }
                  plain: { image: compute }
                nodes:
                  node-000: { mac: "fc:ab:14:e8:66:01", ip: 127.0.0.1, group: compute, overlays: [node0, admin] }
                  node-001: { mac: "fc:ab:14:e8:66:02", ip: 127.0.0.2, group: compute }
                  node-002: { mac: "fc:ab:14:e8:66:03", group: plain }
                """);
        return config;
    }

    /** The configuration read. */
    public static BootConfig read(Path dir) throws IOException {
        try {
            return ConfigReader.read(write(dir));
        } catch (ConfigException e) {
            throw new AssertionError(e.problems().toString(), e);
        }
    }

    static void file(Path file, String text, String mode) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }
}
