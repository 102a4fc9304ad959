package org.bootnode.image.rootfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.bootnode.testkit.Exec;
import org.bootnode.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The images' {@code apply_overlay} (common.sh), run by busybox sh as the init runs it, on a
 * tree laid out as the kernel unpacks an overlay archive: files land with their modes and
 * owners, folders the root already has keep theirs, a link in the root is replaced rather than
 * written through, and hooks run with the root as their argument.
 */
class OverlayInitTest {
    @TempDir
    Path dir;

    @Test
    void copiesFilesWithModesAndOwnersKeepsExistingFoldersAndRunsHooks() throws IOException {
        Path busybox = Tools.requireRootAnd("busybox").get(0);
        Path src = dir.resolve("overlay");
        Path hooks = dir.resolve("overlay-init.d");
        Path root = dir.resolve("newroot");
        write(src.resolve("etc/hosts"), "10.0.0.10 node-000\n", "rw-r--r--");
        write(src.resolve("etc/ssh/ssh_host_ed25519_key"), "secret\n", "rw-------");
        write(src.resolve("root/.ssh/authorized_keys"), "ssh-ed25519 AAAA admin\n", "rw-------");
        Files.setPosixFilePermissions(src.resolve("root"), PosixFilePermissions.fromString("rwxr-xr-x"));
        write(src.resolve("opt/new/tool"), "#!/bin/sh\n", "rwxr-xr-x");
        Files.setPosixFilePermissions(src.resolve("opt/new"), PosixFilePermissions.fromString("rwxr-x---"));
        write(src.resolve("home/u/file"), "mine\n", "rw-r-----");
        Exec.ok(Duration.ofSeconds(10), "chown", "1000:1001", src.resolve("home/u/file").toString());
        write(hooks.resolve("10-mark"), "echo \"hook saw $1\" > \"$1/hook-ran\"\n", "rwx------");

        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("root"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(root.resolve("root"), PosixFilePermissions.fromString("rwx------"));
        Files.writeString(root.resolve("target"), "keep\n");
        Files.createSymbolicLink(root.resolve("etc/hosts"), Path.of("../target"));

        Path script = dir.resolve("run.sh");
        Files.writeString(script, "PREFIX=\"test\"\n" + common() + "\nOVERLAY_SRC=" + src + "\nOVERLAY_HOOKS=" + hooks
                + "\nTMPDIR=" + dir + "\napply_overlay \"$1\"\necho \"status $?\"\n");
        Exec.Result r = Exec.run(Duration.ofSeconds(30), busybox.toString(), "sh", script.toString(), root.toString());
        String out = r.out();
        assertTrue(out.contains("test: overlay: copied 5 files into " + root), out + r.err());
        assertTrue(out.contains("test: overlay: running hook 10-mark"), out);
        assertTrue(out.contains("status 0"), out);

        assertFalse(Files.isSymbolicLink(root.resolve("etc/hosts")));
        assertEquals("10.0.0.10 node-000\n", Files.readString(root.resolve("etc/hosts")));
        assertEquals("keep\n", Files.readString(root.resolve("target")), "written through the link");
        assertEquals("rw-------", mode(root.resolve("etc/ssh/ssh_host_ed25519_key")));
        assertEquals("rwx------", mode(root.resolve("root")), "an existing folder keeps its mode");
        assertEquals("rw-------", mode(root.resolve("root/.ssh/authorized_keys")));
        assertEquals("rwxr-x---", mode(root.resolve("opt/new")), "a new folder takes the overlay's mode");
        assertEquals("rwxr-xr-x", mode(root.resolve("opt/new/tool")));
        assertEquals(1000, Files.getAttribute(root.resolve("home/u/file"), "unix:uid", LinkOption.NOFOLLOW_LINKS));
        assertEquals(1001, Files.getAttribute(root.resolve("home/u/file"), "unix:gid", LinkOption.NOFOLLOW_LINKS));
        assertEquals("hook saw " + root + "\n", Files.readString(root.resolve("hook-ran")));
        assertFalse(Files.exists(root.resolve("10-mark")), "hooks are run, not copied");
    }

    @Test
    void aFailureArchiveIsPrintedAndNothingLands() throws IOException {
        Path busybox = Tools.requireRootAnd("busybox").get(0);
        Path root = Files.createDirectories(dir.resolve("newroot"));
        Path failed = dir.resolve("overlay-failed");
        Files.writeString(failed, "overlay of node-000 cannot be built: base/etc/issue.mustache:1: template: no variable 'rack'\n");
        Path script = dir.resolve("run.sh");
        Files.writeString(script, "PREFIX=\"test\"\n" + common() + "\nOVERLAY_SRC=" + dir.resolve("overlay") + "\nOVERLAY_FAILED="
                + failed + "\nTMPDIR=" + dir + "\napply_overlay \"$1\"\necho \"status $?\"\n");
        String out = Exec.run(Duration.ofSeconds(30), busybox.toString(), "sh", script.toString(), root.toString()).out();
        assertTrue(out.contains("test: overlay: FAILED: overlay of node-000 cannot be built: base/etc/issue.mustache:1:"), out);
        assertTrue(out.contains("status 1"), out);
        try (var files = Files.list(root)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aDeclaredFolderTakesTheArchivesModeAndOwnerEvenWhereTheRootHasIt() throws IOException {
        Path busybox = Tools.requireRootAnd("busybox").get(0);
        Path src = dir.resolve("overlay");
        Path root = dir.resolve("newroot");
        write(src.resolve("home/alice/.ssh/authorized_keys"), "ssh-ed25519 AAAA alice\n", "rw-------");
        Files.setPosixFilePermissions(src.resolve("home/alice/.ssh"), PosixFilePermissions.fromString("rwx------"));
        Exec.ok(Duration.ofSeconds(10), "chown", "-R", "1000:1000", src.resolve("home/alice").toString());
        Files.setPosixFilePermissions(src.resolve("home/alice"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path declared = dir.resolve("overlay-folders");
        Files.writeString(declared, "home/alice/.ssh\n");
        Files.createDirectories(root.resolve("home/alice/.ssh"));
        Files.setPosixFilePermissions(root.resolve("home/alice/.ssh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(root.resolve("home/alice"), PosixFilePermissions.fromString("rwxrwxr-x"));

        Path script = dir.resolve("run.sh");
        Files.writeString(script, "PREFIX=\"test\"\n" + common() + "\nOVERLAY_SRC=" + src + "\nOVERLAY_FOLDERS=" + declared
                + "\nTMPDIR=" + dir + "\napply_overlay \"$1\"\necho \"status $?\"\n");
        Exec.Result r = Exec.run(Duration.ofSeconds(30), busybox.toString(), "sh", script.toString(), root.toString());
        assertTrue(r.out().contains("status 0"), r.out() + r.err());
        assertEquals("rwx------", mode(root.resolve("home/alice/.ssh")), "declared: the archive's mode");
        assertEquals(1000, Files.getAttribute(root.resolve("home/alice/.ssh"), "unix:uid", LinkOption.NOFOLLOW_LINKS));
        assertEquals("rwxrwxr-x", mode(root.resolve("home/alice")), "not declared: the root's own mode");
        assertEquals(0, Files.getAttribute(root.resolve("home/alice"), "unix:uid", LinkOption.NOFOLLOW_LINKS));
        assertEquals(1000, Files.getAttribute(root.resolve("home/alice/.ssh/authorized_keys"), "unix:uid", LinkOption.NOFOLLOW_LINKS));

        // A declared folder that is a link in the root is not followed: the copy fails.
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.delete(root.resolve("home/alice/.ssh/authorized_keys"));
        Files.delete(root.resolve("home/alice/.ssh"));
        Files.createSymbolicLink(root.resolve("home/alice/.ssh"), elsewhere);
        r = Exec.run(Duration.ofSeconds(30), busybox.toString(), "sh", script.toString(), root.toString());
        assertTrue(r.out().contains("failed: ./home/alice/.ssh") || r.out().contains("failed: home/alice/.ssh is not a folder"),
                r.out());
        assertTrue(r.out().contains("status 1"), r.out());
        assertEquals("rwxr-xr-x", mode(elsewhere), "not changed through the link");
    }

    private static String common() throws IOException {
        try (InputStream in = InitScripts.class.getResourceAsStream("common.sh")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void write(Path file, String text, String mode) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
