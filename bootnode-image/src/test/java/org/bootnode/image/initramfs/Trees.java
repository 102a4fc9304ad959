package org.bootnode.image.initramfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Test trees holding every kind of file a tree can hold without root. */
final class Trees {
    static final long MTIME = 1_700_000_000L;

    private Trees() {}

    /** dirs, files (empty, text, random 300 KiB, executable), symlinks, hard links, a FIFO, a long and a UTF-8 name. */
    static Path allKinds(Path root) throws IOException, InterruptedException {
        Files.createDirectories(root.resolve("etc/deep/er"));
        Files.createDirectories(root.resolve("bin"));
        Files.writeString(root.resolve("etc/hostname"), "node-000\n");
        Files.write(root.resolve("etc/empty"), new byte[0]);
        byte[] random = new byte[300 * 1024];
        new Random(42).nextBytes(random);
        Files.write(root.resolve("bin/blob"), random);
        Files.writeString(root.resolve("bin/tool"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(root.resolve("bin/tool"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("tool"));
        Files.createSymbolicLink(root.resolve("etc/abs"), Path.of("/etc/hostname"));
        Files.createSymbolicLink(root.resolve("etc/dangling"), Path.of("nowhere"));
        Files.writeString(root.resolve("etc/deep/er/linked"), "shared data\n");
        Files.createLink(root.resolve("bin/hard1"), root.resolve("etc/deep/er/linked"));
        Files.createLink(root.resolve("hard2"), root.resolve("etc/deep/er/linked"));
        Files.writeString(root.resolve("etc/deep/" + "n".repeat(200)), "long name\n");
        Files.writeString(root.resolve("etc/grüße"), "utf-8\n", StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("mkfifo", root.resolve("etc/fifo").toString()).start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("mkfifo failed");
        }
        try (var files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!Files.isSymbolicLink(f) && !f.getFileName().toString().equals("fifo")) { // opening a FIFO would block
                    Files.setLastModifiedTime(f, FileTime.from(MTIME, TimeUnit.SECONDS));
                }
            }
        }
        return root;
    }
}
