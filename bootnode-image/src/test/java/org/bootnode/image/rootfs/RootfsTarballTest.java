package org.bootnode.image.rootfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.bootnode.image.initramfs.BuildListener;
import org.bootnode.image.initramfs.CompressionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

class RootfsTarballTest {
    @TempDir Path tmp;

    private Map<String, TarArchiveEntry> read(byte[] tarXz, Map<String, byte[]> contents) throws Exception {
        Map<String, TarArchiveEntry> all = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(tarXz)))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                all.put(e.getName(), e);
                contents.put(e.getName(), tar.readAllBytes());
            }
        }
        return all;
    }

    @Test
    void keepsModesLinksLongNamesAndUserXattrs() throws Exception {
        Files.createDirectories(tmp.resolve("root/usr/lib"));
        Path root = tmp.resolve("root");
        String longName = "x".repeat(180) + "/" + "y".repeat(120);
        Files.createDirectories(root.resolve(longName).getParent());
        Files.writeString(root.resolve(longName), "deep");
        Path file = Files.writeString(root.resolve("setuid"), "su");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setAttribute(file, "unix:mode", 04755);
        Files.createSymbolicLink(root.resolve("link"), Path.of("setuid"));
        Files.createLink(root.resolve("hard"), file);
        boolean xattrs = false;
        try {
            Files.getFileAttributeView(file, UserDefinedFileAttributeView.class)
                    .write("bootnode.test", ByteBuffer.wrap("v1".getBytes(StandardCharsets.UTF_8)));
            xattrs = true;
        } catch (IOException | UnsupportedOperationException e) {
            // this file system keeps no user xattrs; the rest is still checked
        }
        RootfsTarball t = RootfsTarball.scan(tmp.resolve("root"), p -> true, 1_000_000L, BuildListener.NONE);
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        t.writeTo(a, CompressionOptions.builder().level(1).build());
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        t.writeTo(b, CompressionOptions.builder().level(1).threads(3).segmentSize(64 * 1024).build());

        Map<String, byte[]> contents = new HashMap<>();
        Map<String, TarArchiveEntry> entries = read(a.toByteArray(), contents);
        assertEquals(entries.keySet(), read(b.toByteArray(), new HashMap<>()).keySet(), "parallel output holds the same");
        assertArrayEquals("deep".getBytes(StandardCharsets.UTF_8), contents.get(longName));
        TarArchiveEntry setuid = entries.get("setuid");
        assertEquals(04755, setuid.getMode() & 07777);
        assertEquals("", setuid.getUserName());
        assertEquals(1_000_000L, setuid.getModTime().getTime() / 1000);
        assertTrue(entries.get("link").isSymbolicLink());
        assertEquals("setuid", entries.get("link").getLinkName());
        TarArchiveEntry hard = entries.get("setuid").isLink() ? entries.get("setuid") : entries.get("hard");
        assertTrue(hard.isLink(), "the second name is a hard link");
        assertTrue(entries.get("usr/").isDirectory());
        if (xattrs) {
            assertEquals("v1", setuid.getExtraPaxHeader("SCHILY.xattr.user.bootnode.test"));
        }
    }

    @Test
    void outputIsReproducible() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("r/etc"));
        Files.writeString(root.resolve("a"), "1");
        RootfsTarball t = RootfsTarball.scan(tmp.resolve("r"), p -> true, null, BuildListener.NONE);
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        t.writeTo(a, CompressionOptions.builder().build());
        RootfsTarball.scan(tmp.resolve("r"), p -> true, null, BuildListener.NONE).writeTo(b, CompressionOptions.builder().build());
        assertArrayEquals(a.toByteArray(), b.toByteArray());
    }

    @Test
    void piecesOnSeveralThreadsConcatenateToTheSameTarStream() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("p/usr/lib"));
        Random random = new Random(42);
        for (int i = 0; i < 40; i++) {
            byte[] data = new byte[random.nextInt(20_000)];
            random.nextBytes(data);
            Files.write(root.resolve("f" + i), data);
        }
        Files.createLink(root.resolve("zz-hard"), root.resolve("f3"));
        Files.writeString(tmp.resolve("p/" + "n".repeat(150)), "long name");
        RootfsTarball t = RootfsTarball.scan(tmp.resolve("p"), p -> true, 1_000_000L, BuildListener.NONE);
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        t.writeTo(whole, CompressionOptions.builder().level(0).build());
        ByteArrayOutputStream pieces = new ByteArrayOutputStream();
        t.writeTo(pieces, CompressionOptions.builder().level(0).threads(3).segmentSize(64 * 1024).build());
        byte[] a = new XZInputStream(new ByteArrayInputStream(whole.toByteArray())).readAllBytes();
        byte[] b = new XZInputStream(new ByteArrayInputStream(pieces.toByteArray())).readAllBytes();
        assertTrue(pieces.size() > whole.size(), "several xz streams: " + pieces.size() + " vs " + whole.size());
        assertArrayEquals(a, b, "the same tar stream, cut into pieces");
    }
}
