package org.bootnode.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.bootnode.image.initramfs.Compression;
import org.bootnode.image.initramfs.CompressionOptions;
import org.bootnode.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCommandTest {
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    @TempDir Path tmp;
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return BootnodeCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private Path tree() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("tree/etc"));
        Files.writeString(dir.resolve("hostname"), "node\n");
        Files.createSymbolicLink(dir.resolve("link"), Path.of("hostname"));
        return tmp.resolve("tree");
    }

    private List<String> files() throws IOException {
        try (var s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private void assertOneLineNaming(String path) {
        String text = err.toString().strip();
        assertFalse(text.contains("\n"), "one line expected: " + text);
        assertTrue(text.startsWith("bootnode: "), text);
        assertTrue(text.contains(path), text);
    }

    @Test
    void packThenListShowsEveryEntry() throws IOException {
        Path img = tmp.resolve("tree.img");
        assertEquals(0, run("image", "pack", tree().toString(), "--output", img.toString(), "--compression", "gzip", "--threads", "2"), err::toString);
        assertEquals("", err.toString(), "quiet when not on a terminal");
        assertEquals(0, run("image", "list", img.toString()), err::toString);
        List<String> lines = out.toString().lines().collect(Collectors.toList());
        assertEquals(3, lines.size(), out::toString);
        assertTrue(lines.get(0).matches("0 gzip drwxr-xr-x \\d+/\\d+ +0 +\\d+ etc"), lines.get(0));
        assertTrue(lines.get(1).matches("0 gzip -rw-r--r-- \\d+/\\d+ +5 +\\d+ etc/hostname"), lines.get(1));
        assertTrue(lines.get(2).endsWith("etc/link -> hostname"), lines.get(2));
    }

    @Test
    void packOfAMissingFolderFailsWithOneLineAndNoOutput() throws IOException {
        Path missing = tmp.resolve("nope");
        assertEquals(1, run("image", "pack", missing.toString(), "--output", tmp.resolve("x.img").toString()));
        assertOneLineNaming(missing.toString());
        assertEquals(List.of(), files());
    }

    @Test
    void anOutputInAMissingFolderIsAnError() throws IOException {
        Path output = tmp.resolve("no/such/x.img");
        assertEquals(1, run("image", "pack", tree().toString(), "--output", output.toString()));
        assertOneLineNaming(output.toString());
    }

    @Test
    void anUnknownCompressionIsAUsageError() throws IOException {
        assertEquals(2, run("image", "pack", tree().toString(), "--output", tmp.resolve("x.img").toString(), "--compression", "lzo"));
        assertTrue(err.toString().contains("lzo"), err::toString);
    }

    @Test
    void defaultThreadsFitTheHeap() {
        CompressionOptions xz = CompressionOptions.builder().build();
        CompressionOptions gzip = xz.toBuilder()
                .compression(Compression.GZIP).build();
        assertEquals(2, ImageCommand.Output.defaultThreads(xz, 2, 6L << 30));
        assertEquals(4, ImageCommand.Output.defaultThreads(xz, 16, 6L << 30), "at most 4 by default");
        assertEquals(3, ImageCommand.Output.defaultThreads(xz, 8, 320L << 20), "three tuned xz encoders of ~70 MiB in 320 MiB");
        assertEquals(2, ImageCommand.Output.defaultThreads(xz.toBuilder().xzExact(true).build(), 8, 320L << 20),
                "two exact xz encoders of ~100 MiB in 320 MiB");
        assertEquals(1, ImageCommand.Output.defaultThreads(xz, 8, 64L << 20), "never fewer than one");
        assertEquals(4, ImageCommand.Output.defaultThreads(gzip, 8, 160L << 20), "gzip needs little heap");
    }

    @Test
    void levelOutOfRangeIsAUsageError() throws IOException {
        assertEquals(2, run("image", "pack", tree().toString(), "--output", tmp.resolve("x.img").toString(), "--level", "10"));
        assertTrue(err.toString().contains("--level: 10 (expected: 0..9 for xz)"), err::toString);
    }

    @Test
    void exactXzPresetAndLevelAreAccepted() throws IOException {
        Path img = tmp.resolve("exact.img");
        assertEquals(0, run("image", "pack", tree().toString(), "--output", img.toString(), "--xz-exact", "--level", "6",
                "--threads", "1"), err::toString);
        assertTrue(Files.size(img) > 0);
    }

    @Test
    void zeroThreadsIsAUsageError() throws IOException {
        assertEquals(2, run("image", "pack", tree().toString(), "--output", tmp.resolve("x.img").toString(), "--threads", "0"));
    }

    @Test
    void listOfJunkIsAnErrorNamingTheFile() throws IOException {
        Path junk = Files.writeString(tmp.resolve("junk.img"), "this is not an initramfs");
        assertEquals(1, run("image", "list", junk.toString()));
        assertOneLineNaming(junk.toString());
        assertTrue(err.toString().contains("magic at offset 0"), err::toString);
    }

    @Test
    void aDynamicBusyboxIsRefused() throws IOException {
        Path dynamic = Tools.requireFile(Path.of("/bin/ls"), "coreutils");
        assertEquals(1, run("image", "failsafe", "--busybox", dynamic.toString(), "--output", tmp.resolve("f.img").toString()));
        assertOneLineNaming(dynamic.toString());
        assertTrue(err.toString().contains("dynamically linked"), err::toString);
        assertEquals(List.of(), files());
    }

    @Test
    void aMissingBusyboxIsAnError() {
        Path missing = tmp.resolve("busybox");
        assertEquals(1, run("image", "failsafe", "--busybox", missing.toString(), "--output", tmp.resolve("f.img").toString()));
        assertOneLineNaming(missing.toString());
    }

    @Test
    void failsafeHoldsBusyboxInitAndDeviceNodes() throws IOException {
        Tools.requireFile(BUSYBOX, "busybox-static");
        Path img = tmp.resolve("failsafe.img");
        assertEquals(0, run("image", "failsafe", "--busybox", BUSYBOX.toString(), "--output", img.toString()), err::toString);
        assertEquals(0, run("image", "list", img.toString()));
        String listing = out.toString();
        assertTrue(listing.contains(" init\n"), listing);
        assertTrue(listing.contains("-rwxr-xr-x 0/0"), listing);
        assertTrue(listing.contains("crw------- 0/0        5,1"), listing);
        assertTrue(listing.contains("crw-rw-rw- 0/0        1,3"), listing);
        assertTrue(listing.contains("bin/sh -> /bin/busybox"), listing);
        assertTrue(listing.contains("sbin/switch_root -> /bin/busybox"), listing);
        assertTrue(listing.contains("usr/share/udhcpc/default.script"), listing);
    }

    @Test
    void buildCarriesTheTarballUncompressedAndTheModulesInOrder() throws IOException {
        Tools.requireFile(BUSYBOX, "busybox-static");
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs/sbin"));
        Files.writeString(rootfs.resolve("init"), "#!/bin/sh\n");
        Path img = tmp.resolve("compute.img");
        Path module = fakeModule("e1000.ko");
        assertEquals(0, run("image", "build", "--rootfs", tmp.resolve("rootfs").toString(), "--busybox", BUSYBOX.toString(),
                "--module", module.toString(), "--output", img.toString(), "--compression", "gzip"), err::toString);
        assertEquals(0, run("image", "list", img.toString()));
        String listing = out.toString();
        assertTrue(listing.lines().anyMatch(l -> l.startsWith("0 none ") && l.endsWith(" rootfs.tar.xz")), listing);
        assertTrue(listing.lines().anyMatch(l -> l.startsWith("1 gzip ") && l.endsWith(" init")), listing);
        assertTrue(listing.contains("lib/bootnode/modules/000-e1000.ko"), listing);
        assertEquals(List.of("compute.img", "e1000.ko", "rootfs"), files(), "no temporary files left");
    }

    @Test
    void aCompressedModuleIsRefused() throws IOException {
        Tools.requireFile(BUSYBOX, "busybox-static");
        Path module = Files.write(tmp.resolve("virtio_net.ko.xz"), new byte[] {(byte) 0xFD, '7', 'z', 'X', 'Z', 0, 0, 0});
        assertEquals(1, run("image", "failsafe", "--busybox", BUSYBOX.toString(), "--module", module.toString(),
                "--output", tmp.resolve("f.img").toString()));
        assertOneLineNaming(module.toString());
        assertTrue(err.toString().contains("compressed kernel module"), err::toString);
    }

    /** The smallest ELF header of a relocatable x86-64 object: what insmod is given. */
    private Path fakeModule(String name) throws IOException {
        byte[] elf = new byte[64];
        elf[0] = 0x7F;
        elf[1] = 'E';
        elf[2] = 'L';
        elf[3] = 'F';
        elf[4] = 2;
        elf[5] = 1;
        elf[6] = 1;
        elf[16] = 1; // ET_REL
        return Files.write(tmp.resolve(name), elf);
    }
}
