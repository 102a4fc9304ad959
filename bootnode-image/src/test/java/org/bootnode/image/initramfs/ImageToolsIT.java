package org.bootnode.image.initramfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.bootnode.image.rootfs.InitScripts;
import org.bootnode.image.rootfs.ComputeInit;
import org.bootnode.image.rootfs.RootfsTarball;
import org.bootnode.testkit.Exec;
import org.bootnode.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Our images against the real tools: GNU cpio, xz-utils, gzip, zstd, busybox. */
class ImageToolsIT {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir Path tmp;

    private Path image(Compression compression, int threads) throws Exception {
        Path tree = Trees.allKinds(tmp.resolve("tree"));
        Initramfs image = Initramfs.builder().addTree(tree, "", TreeOptions.defaults(), BuildListener.NONE).build();
        Path out = tmp.resolve("image." + compression.cliName());
        image.writeTo(out, CompressionOptions.builder().compression(compression).threads(threads)
                .segmentSize(64 * 1024).build(), BuildListener.NONE);
        return out;
    }

    /** What GNU cpio -idm recovered must be what the tree holds: names, types, modes, sizes, targets, contents. */
    @Test
    void gnuCpioRecoversEveryEntry() throws Exception {
        Tools.require("cpio");
        Path img = image(Compression.NONE, 1);
        String listing = Exec.ok(LIMIT, "sh", "-c", "cpio -t < " + img).out();
        assertTrue(listing.contains("etc/deep/er/linked"), listing);
        Path out = Files.createDirectories(tmp.resolve("out"));
        Exec.ok(LIMIT, "sh", "-c", "cd " + out + " && cpio -idm --quiet < " + img);
        assertEquals(describe(tmp.resolve("tree")), describe(out));
        assertEquals(Files.getAttribute(out.resolve("hard2"), "unix:ino"), Files.getAttribute(out.resolve("bin/hard1"), "unix:ino"),
                "hard links recovered as links");
    }

    @ParameterizedTest
    @CsvSource({"XZ,xz -t", "GZIP,gzip -t", "ZSTD,zstd -q -t"})
    void compressionToolsAcceptOurOutput(Compression compression, String check) throws Exception {
        Tools.require(check.split(" ")[0]);
        Path img = image(compression, 3);
        Exec.ok(LIMIT, "sh", "-c", check + " < " + img);
    }

    @Test
    void xzShowsTheCrc32CheckTheKernelNeeds() throws Exception {
        Tools.require("xz");
        Path img = image(Compression.XZ, 2);
        String info = Exec.ok(LIMIT, "xz", "-lvv", img.toString()).out();
        assertTrue(info.matches("(?s).*Check:\\s+CRC32\\n.*"), info);
        assertTrue(!info.contains("CRC64"), info);
    }

    /**
     * The default xz output (tuned preset 6, an already compressed file as stored LZMA2 chunks in
     * its own XZ Block) and the exact preset: both pass xz -t with the CRC32 check, both are read
     * by busybox's unxz (xz-embedded, the kernel's own decoder) and give back every entry.
     */
    @ParameterizedTest
    @CsvSource({"false,3", "true,1"})
    void tunedAndExactXzAreReadByXzUtilsAndXzEmbedded(boolean exact, int blocks) throws Exception {
        Tools.require("xz", "busybox", "cpio");
        Path tree = Trees.allKinds(tmp.resolve("tree"));
        byte[] compressed = new byte[3 << 20];
        new Random(9).nextBytes(compressed);
        Files.write(tree.resolve("bin/packed.xz"), compressed);
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < (2 << 20); i++) {
            text.append("text line ").append(i % 977).append(" compresses well\n");
        }
        Files.writeString(tree.resolve("etc/zz-text"), text);
        Path img = tmp.resolve("image.xz");
        Initramfs.builder().addTree(tree, "", TreeOptions.defaults(), BuildListener.NONE).build()
                .writeTo(img, CompressionOptions.builder().xzExact(exact).threads(2).build(), BuildListener.NONE);
        Exec.ok(LIMIT, "xz", "-t", img.toString());
        String info = Exec.ok(LIMIT, "xz", "-lvv", img.toString()).out();
        assertTrue(info.matches("(?s).*Check:\\s+CRC32\\n.*"), info);
        assertTrue(info.matches("(?s).*Blocks:\\s+" + blocks + "\\n.*"), info);
        assertTrue(Files.size(img) < (3 << 20) + (400 << 10), "text compressed, random kept at its size: " + Files.size(img));
        Path out = Files.createDirectories(tmp.resolve("out"));
        Exec.ok(LIMIT, "sh", "-c", "cd " + out + " && busybox unxz < " + img + " | cpio -idm --quiet");
        assertEquals(describe(tree), describe(out));
    }

    @Test
    void busyboxTarUnpacksTheRootfsTarball() throws Exception {
        Tools.require("busybox", "xz");
        Path tree = Trees.allKinds(tmp.resolve("tree"));
        Path tarball = tmp.resolve("rootfs.tar.xz");
        RootfsTarball.scan(tree, p -> true, null, BuildListener.NONE).writeTo(tarball,
                CompressionOptions.builder().threads(2).segmentSize(64 * 1024).build());
        Exec.ok(LIMIT, "xz", "-t", tarball.toString());
        Path out = Files.createDirectories(tmp.resolve("unpacked"));
        Exec.ok(LIMIT, "busybox", "tar", "-x", "-J", "-f", tarball.toString(), "-C", out.toString(), "--numeric-owner");
        assertEquals(describe(tree), describe(out));
        assertEquals(Files.getAttribute(out.resolve("hard2"), "unix:ino"), Files.getAttribute(out.resolve("bin/hard1"), "unix:ino"));
    }

    @Test
    void initScriptsAreValidBusyboxShell() throws Exception {
        Tools.require("busybox");
        for (String script : List.of(InitScripts.compute(ComputeInit.defaults()), InitScripts.failsafe(), InitScripts.udhcpcScript())) {
            Path file = Files.writeString(tmp.resolve("script.sh"), script);
            Exec.ok(LIMIT, "busybox", "sh", "-n", file.toString());
        }
    }

    /** Type, permissions, size, symlink target and content digest of every path, keyed by relative path. */
    static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> all = new TreeMap<>();
        try (var files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String rel = root.relativize(p).toString();
                if (rel.isEmpty()) {
                    continue;
                }
                int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                String what = Integer.toOctalString(mode);
                if (Files.isSymbolicLink(p)) {
                    what += " -> " + Files.readSymbolicLink(p);
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    what += " " + Files.size(p) + " " + Arrays.hashCode(Files.readAllBytes(p));
                }
                all.put(rel, what);
            }
        }
        return all;
    }

    @Test
    void describeSeesContent() throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Files.writeString(a.resolve("f"), "1");
        Map<String, String> before = describe(a);
        Files.writeString(a.resolve("f"), "2");
        assertTrue(!before.equals(describe(a)));
        assertArrayEquals(new byte[] {'2'}, Files.readAllBytes(a.resolve("f")));
    }
}
