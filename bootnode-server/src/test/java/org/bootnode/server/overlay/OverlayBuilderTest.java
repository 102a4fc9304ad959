package org.bootnode.server.overlay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.ConfigProblem;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.testkit.Exec;
import org.bootnode.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Overlays built from folders: order and override, templates, secrets, bad input, and the archive as GNU cpio reads it. */
class OverlayBuilderTest {
    @TempDir
    Path dir;

    private Overlay build(BootConfig config, String node) throws OverlayException {
        NodeSpec n = config.nodes().get(node);
        return OverlayBuilder.build(config, OverlayBuilder.plan(config, n).orElseThrow(), OverlayBuilder.inventory(config),
                new SshHostKeys(config.server().dataDir(), new SecureRandom())::keysOf);
    }

    private static Map<String, Overlay.FileEntry> byPath(Overlay o) {
        Map<String, Overlay.FileEntry> m = new LinkedHashMap<>();
        o.files().forEach(f -> m.put((f.hook() ? "hook " : "") + f.path(), f));
        return m;
    }

    private static String text(Overlay.FileEntry f) {
        return new String(f.data(), StandardCharsets.UTF_8);
    }

    @Test
    void overlaysApplyInOrderTemplatesSeeTheNodeAndTheInventoryAndALaterFileWins() throws Exception {
        BootConfig config = OverlayFixture.read(dir);
        Overlay o = build(config, "node-000");
        Map<String, Overlay.FileEntry> files = byPath(o);
        assertEquals("node-000\n", text(files.get("etc/hostname")));
        assertEquals("127.0.0.1 localhost\n127.0.0.1 node-000\n127.0.0.2 node-001\n", text(files.get("etc/hosts")));
        assertEquals("node-000's own\n", text(files.get("etc/motd")), "node's own overlay comes last");
        assertEquals(List.of("/etc/motd: node0/etc/motd replaces base/etc/motd"), o.notes());
        assertEquals("ClusterName=demo\nPartition=batch\nSlurmctldHost=127.0.0.254\n", text(files.get("etc/slurm/slurm.conf")),
                "the group's vars over the top-level ones");
        assertEquals(0755, files.get("usr/local/bin/slurm-check").mode());
        assertEquals(0600, files.get("root/.ssh/authorized_keys").mode(), "a secret file loses group and other bits");
        assertTrue(files.get("root/.ssh/authorized_keys").secret());
        assertEquals(0600, files.get("etc/ssh/ssh_host_ed25519_key").mode());
        assertEquals(0644, files.get("etc/ssh/ssh_host_ed25519_key.pub").mode());
        assertEquals(0700, files.get("hook 50-hello").mode());
        assertTrue(o.secret());
        assertEquals(OpenSshKey.fingerprint(text(files.get("etc/ssh/ssh_host_ed25519_key.pub"))), o.hostKey());

        Overlay plain = build(config, "node-002");
        assertFalse(plain.secret());
        assertEquals(List.of("etc/hostname", "etc/hosts", "etc/motd"), plain.files().stream().map(Overlay.FileEntry::path).toList());
        assertEquals(null, plain.hostKey());
    }

    @Test
    void theSameInputGivesTheSameBytesAndAChangedTemplateAnotherKey() throws Exception {
        BootConfig config = OverlayFixture.read(dir);
        Overlay a = build(config, "node-000");
        Overlay b = build(config, "node-000");
        assertArrayEquals(a.cpio(), b.cpio());
        assertEquals(a.etag(), b.etag());
        NodeSpec n = config.nodes().get("node-000");
        String key = OverlayBuilder.plan(config, n).orElseThrow().key();
        Files.writeString(dir.resolve("overlays/base/etc/motd"), "base, changed\n");
        assertNotEquals(key, OverlayBuilder.plan(config, n).orElseThrow().key());
        assertNotEquals(a.etag(), build(config, "node-002").etag());
    }

    @Test
    void gnuCpioReadsTheArchiveWithModesOwnersAndParentsFirst() throws Exception {
        Path cpio = Tools.require("cpio").get(0);
        BootConfig config = OverlayFixture.read(dir);
        Overlay o = build(config, "node-000");
        Path archive = dir.resolve("overlay.cpio");
        Files.write(archive, o.cpio());
        String listing = Exec.run(Duration.ofSeconds(20), o.cpio(), List.of(cpio.toString(), "-t", "-v", "--quiet", "-n"))
                .ok().out();
        List<String> names = listing.lines().map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
        assertEquals("overlay", names.get(0));
        assertTrue(names.indexOf("overlay/etc") < names.indexOf("overlay/etc/hosts"), listing);
        assertTrue(names.contains("overlay-init.d/50-hello"), listing);
        assertTrue(listing.lines().anyMatch(l -> l.startsWith("-rw-------") && l.contains(" 0        0 ")
                && l.endsWith("overlay/etc/ssh/ssh_host_ed25519_key")), listing);
        Path out = Files.createDirectories(dir.resolve("out"));
        Exec.run(Duration.ofSeconds(20), o.cpio(), List.of(cpio.toString(), "-i", "-d", "--quiet", "--no-absolute-filenames",
                "-D", out.toString())).ok();
        assertEquals("node-000\n", Files.readString(out.resolve("overlay/etc/hostname")));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                out.resolve("overlay/usr/local/bin/slurm-check"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                out.resolve("overlay/root/.ssh/authorized_keys"))));
    }

    @Test
    void badInputIsReportedWithTheFileAndLine() throws Exception {
        BootConfig config = OverlayFixture.read(dir);
        Path o = dir.resolve("overlays");
        OverlayFixture.file(o.resolve("base/etc/issue.mustache"), "welcome\nto {{rack}}\n", "rw-r--r--");
        OverlayFixture.file(o.resolve("slurm/etc/broken.mustache"), "a\nb\n{{#nodes}}open\n", "rw-r--r--");
        OverlayFixture.file(o.resolve("slurm/etc/motd.mustache"), "x", "rw-r--r--");
        OverlayFixture.file(o.resolve("slurm/etc/motd"), "y", "rw-r--r--");
        OverlayFixture.file(o.resolve("node0/etc/hostname/inner"), "a folder where base has a file", "rw-r--r--");
        Files.createSymbolicLink(o.resolve("base/etc/shadow"), Path.of("/etc/shadow"));
        List<String> problems = OverlayCheck.problems(config).stream().map(ConfigProblem::toString).toList();
        String all = String.join("\n", problems);
        assertTrue(all.contains(o.resolve("base/etc/issue.mustache") + ":2: template: no variable 'rack' for node node-000"), all);
        assertTrue(all.contains("(and 2 more nodes)"), all);
        assertTrue(all.contains(o.resolve("slurm/etc/broken.mustache") + ":"), all);
        assertTrue(all.contains("both land at /etc/motd"), all);
        assertTrue(all.contains(o.resolve("base/etc/shadow") + ":0: a symbolic link"), all);
        assertTrue(all.contains("/etc/hostname/inner lies under /etc/hostname"), all);
        NodeSpec n = config.nodes().get("node-002");
        OverlayException e = assertThrows(OverlayException.class, () -> build(config, "node-002"));
        assertTrue(e.problems().size() >= 2, e.problems().toString());
        assertFalse(Files.exists(dir.resolve("data/ssh-host-keys/node-002")));
        assertTrue(OverlayBuilder.plan(config, n).isPresent());
    }

    @Test
    void secretFilesGoOnlyToTheNodesOwnAddressAndNothingIsGeneratedForAStranger() throws Exception {
        BootConfig config = OverlayFixture.read(dir);
        try (OverlayService service = new OverlayService(config.server().dataDir(), 1)) {
            NodeSpec n0 = config.nodes().get("node-000");
            OverlayService.Answer refused = service.request(config, n0, InetAddress.getByName("127.0.0.2")).get(30, TimeUnit.SECONDS);
            assertInstanceOf(OverlayService.Answer.Refused.class, refused);
            assertTrue(((OverlayService.Answer.Refused) refused).reason().contains("from 127.0.0.2, not from the node's own 127.0.0.1"));
            assertFalse(Files.exists(dir.resolve("data/ssh-host-keys/node-000")), "a refused request generates no keys");
            OverlayService.Answer served = service.request(config, n0, InetAddress.getByName("127.0.0.1")).get(30, TimeUnit.SECONDS);
            assertInstanceOf(OverlayService.Answer.Served.class, served);
            Overlay first = ((OverlayService.Answer.Served) served).overlay();
            Overlay again = ((OverlayService.Answer.Served) service.request(config, n0, InetAddress.getByName("127.0.0.1"))
                    .get(30, TimeUnit.SECONDS)).overlay();
            assertTrue(first == again, "the second request is served from the cache");
            NodeSpec n2 = config.nodes().get("node-002");
            assertInstanceOf(OverlayService.Answer.Served.class,
                    service.request(config, n2, InetAddress.getByName("127.0.0.9")).get(30, TimeUnit.SECONDS),
                    "no secret files: any address");
        }
    }

    @Test
    void declaredOwnersAndModesAreInTheCpioHeadersAsGnuCpioReadsThem() throws Exception {
        Path cpio = Tools.require("cpio").get(0);
        BootConfig config = OverlayFixture.read(dir);
        Path admin = dir.resolve("overlays/admin");
        OverlayFixture.file(admin.resolve("home/alice/.ssh/authorized_keys"), "ssh-ed25519 AAAAC3Nza alice\n", "rw-r--r--");
        OverlayFixture.file(admin.resolve(".bootnode/owners"), """
                # alice's keys: sshd's StrictModes wants them hers
                /home/alice/.ssh                  1000:1000 0700
                /home/alice/.ssh/authorized_keys  1000:1001 0600
                /root/.ssh/authorized_keys        0:0       0400
                """, "rw-r--r--");
        Overlay o = build(config, "node-000");
        Map<String, Overlay.FileEntry> files = byPath(o);
        assertFalse(files.containsKey(".bootnode/owners"), "the manifest is not copied");
        assertEquals(1000, files.get("home/alice/.ssh/authorized_keys").uid());
        assertEquals(1001, files.get("home/alice/.ssh/authorized_keys").gid());
        assertEquals(0400, files.get("root/.ssh/authorized_keys").mode());
        assertEquals(0, files.get("etc/hosts").uid());
        assertEquals(List.of(new Overlay.FolderEntry("home/alice/.ssh", 0700, 1000, 1000, "admin/.bootnode/owners:2")),
                o.folders());
        String listing = Exec.run(Duration.ofSeconds(20), o.cpio(), List.of(cpio.toString(), "-i", "-t", "-v", "--quiet", "-n"))
                .ok().out();
        assertTrue(listing.lines().anyMatch(l -> l.matches("-rw------- +1 1000 +1001 .* overlay/home/alice/\\.ssh/authorized_keys")),
                listing);
        assertTrue(listing.lines().anyMatch(l -> l.matches("drwx------ +2 1000 +1000 .* overlay/home/alice/\\.ssh")), listing);
        assertTrue(listing.lines().anyMatch(l -> l.matches("drwxr-xr-x +2 0 +0 .* overlay/home/alice")), listing);
        assertTrue(listing.lines().anyMatch(l -> l.matches("-r-------- +1 0 +0 .* overlay/root/\\.ssh/authorized_keys")), listing);
        Path out = Files.createDirectories(dir.resolve("out"));
        Exec.run(Duration.ofSeconds(20), o.cpio(), List.of(cpio.toString(), "-i", "-d", "--quiet", "--no-absolute-filenames",
                "-D", out.toString())).ok();
        assertEquals("home/alice/.ssh\n", Files.readString(out.resolve(OverlayBuilder.FOLDERS_FILE)));
    }

    @Test
    void badOwnersLinesAreReportedWithTheirFileAndLine() throws Exception {
        BootConfig config = OverlayFixture.read(dir);
        Path o = dir.resolve("overlays");
        OverlayFixture.file(o.resolve("base/.bootnode/owners"), """
                /etc/motd 1000:1000
                /etc/nothing 0:0
                /etc 0:0 0755
                """, "rw-r--r--");
        OverlayFixture.file(o.resolve("admin/.bootnode/owners"), "/root/.ssh/authorized_keys 0:0 0644\n", "rw-r--r--");
        List<String> problems = OverlayCheck.problems(config).stream().map(Object::toString).toList();
        String all = String.join("\n", problems);
        assertTrue(all.contains(o.resolve("base/.bootnode/owners") + ":1: /etc/motd is declared 1000:1000 here, but"
                + " node0/etc/motd replaces the file without an owners line"), all);
        assertTrue(all.contains(o.resolve("base/.bootnode/owners") + ":2: /etc/nothing is not a file or folder of overlay base"), all);
        assertTrue(all.contains(o.resolve("admin/.bootnode/owners") + ":1: mode 0644 for a secret file"), all);
        assertFalse(all.contains("owners:3"), all);
        OverlayException e = assertThrows(OverlayException.class, () -> build(config, "node-000"));
        assertTrue(e.problems().stream().anyMatch(p -> p.toString().contains("owners:1: /etc/motd is declared")), e.problems().toString());
        OverlayFixture.file(o.resolve("base/.bootnode/owners"), "/etc/motd 1000:1000\n", "rw-r--r--");
        Overlay plain = build(config, "node-002");
        assertEquals(1000, byPath(plain).get("etc/motd").uid(), "node-002 has no node0: base's line applies");

        OverlayFixture.file(o.resolve("node0/.bootnode/owners"), "/etc/motd 0:0\n", "rw-r--r--");
        OverlayFixture.file(o.resolve("admin/.bootnode/owners"), "/root/.ssh/authorized_keys 0:0 0600\n", "rw-r--r--");
        Overlay fixed = build(config, "node-000");
        assertEquals(0, byPath(fixed).get("etc/motd").uid());
        assertTrue(fixed.notes().stream().anyMatch(n -> n.startsWith("/etc/motd: node0/etc/motd (0:0) replaces base/etc/motd (1000:1000)")),
                fixed.notes().toString());
    }
}
