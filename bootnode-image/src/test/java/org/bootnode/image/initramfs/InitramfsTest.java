package org.bootnode.image.initramfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bootnode.image.cpio.CpioEntry;
import org.bootnode.image.cpio.CpioFileType;
import org.bootnode.image.cpio.CpioFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InitramfsTest {
    @TempDir Path tmp;

    record Seen(InitramfsReader.Segment segment, CpioEntry entry, byte[] data) {}

    static List<Seen> read(byte[] image) throws IOException {
        List<Seen> seen = new ArrayList<>();
        InitramfsReader.read(new ByteArrayInputStream(image), (s, e, d) -> seen.add(new Seen(s, e, d.readAllBytes())));
        return seen;
    }

    static byte[] write(Initramfs image, CompressionOptions options) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        image.writeTo(out, options, BuildListener.NONE);
        return out.toByteArray();
    }

    private Initramfs treeImage() throws Exception {
        Path tree = Trees.allKinds(tmp.resolve("tree"));
        return Initramfs.builder()
                .addTree(tree, "", TreeOptions.defaults(), BuildListener.NONE)
                .addCharDevice("dev/console", 0600, 5, 1)
                .addCharDevice("dev/null", 0666, 1, 3)
                .addBlockDevice("dev/sda", 0660, 8, 0)
                .addFile("init", "#!/bin/sh\n", 0755)
                .build();
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void aTreeWithEveryKindRoundTrips(Compression compression) throws Exception {
        byte[] image = write(treeImage(), CompressionOptions.builder().compression(compression).build());
        Map<String, Seen> byName = new HashMap<>();
        for (Seen s : read(image)) {
            assertEquals(compression, s.segment().compression());
            byName.put(s.entry().name(), s);
        }
        Path tree = tmp.resolve("tree");
        assertEquals("node-000\n", new String(byName.get("etc/hostname").data(), StandardCharsets.UTF_8));
        assertArrayEquals(Files.readAllBytes(tree.resolve("bin/blob")), byName.get("bin/blob").data());
        assertEquals(0750, byName.get("bin/tool").entry().permissions());
        assertEquals(CpioFileType.SYMLINK, byName.get("bin/sh").entry().type());
        assertEquals("tool", new String(byName.get("bin/sh").data(), StandardCharsets.UTF_8));
        assertEquals("/etc/hostname", new String(byName.get("etc/abs").data(), StandardCharsets.UTF_8));
        assertEquals(CpioFileType.FIFO, byName.get("etc/fifo").entry().type());
        assertEquals(CpioFileType.CHARACTER_DEVICE, byName.get("dev/console").entry().type());
        assertEquals(5, byName.get("dev/console").entry().rdevMajor());
        assertEquals(1, byName.get("dev/console").entry().rdevMinor());
        assertEquals(CpioFileType.BLOCK_DEVICE, byName.get("dev/sda").entry().type());
        assertEquals(Trees.MTIME, byName.get("etc/hostname").entry().mtime());
        assertNotNull(byName.get("etc/grüße"));
        assertNotNull(byName.get("etc/deep/" + "n".repeat(200)));
        // hard links: one inode, nlink 3, data once, on the last name
        List<Seen> links = List.of(byName.get("bin/hard1"), byName.get("etc/deep/er/linked"), byName.get("hard2"));
        for (Seen s : links) {
            assertEquals(3, s.entry().nlink());
            assertEquals(links.get(0).entry().ino(), s.entry().ino());
        }
        assertEquals(0, links.get(0).entry().size());
        assertEquals(0, links.get(1).entry().size());
        assertEquals("shared data\n", new String(links.get(2).data(), StandardCharsets.UTF_8));
    }

    @Test
    void parentsComeBeforeChildrenAndMissingParentsAreAdded() throws IOException {
        Initramfs image = Initramfs.builder().addFile("a/b/c", "x", 0644).addFile("a-b", "y", 0644).build();
        List<String> names = read(write(image, CompressionOptions.builder().compression(Compression.NONE).build()))
                .stream().map(s -> s.entry().name()).collect(Collectors.toList());
        assertEquals(List.of("a", "a/b", "a/b/c", "a-b"), names);
    }

    @Test
    void buildsAreByteIdenticalWhateverTheThreadCount() throws Exception {
        Initramfs image = treeImage();
        CompressionOptions one = CompressionOptions.builder().compression(Compression.GZIP).segmentSize(64 * 1024).build();
        byte[] a = write(image, one);
        byte[] b = write(image, one);
        byte[] c = write(image, one.toBuilder().threads(3).spillThreshold(1000).build());
        assertArrayEquals(a, b);
        assertArrayEquals(a, c);
        long segments = read(a).stream().map(Seen::segment).distinct().count();
        assertTrue(segments >= 2, "expected several segments, got " + segments);
    }

    @Test
    void parallelXzMatchesSerialXzAndKeepsHardLinksInOneSegment() throws Exception {
        Initramfs image = treeImage();
        CompressionOptions serial = CompressionOptions.builder().segmentSize(64 * 1024).level(1).build();
        byte[] a = write(image, serial);
        assertArrayEquals(a, write(image, serial.toBuilder().threads(4).build()));
        List<Seen> seen = read(a);
        Map<String, InitramfsReader.Segment> segmentOf = seen.stream()
                .collect(Collectors.toMap(s -> s.entry().name(), Seen::segment));
        assertEquals(segmentOf.get("bin/hard1"), segmentOf.get("hard2"));
    }

    @Test
    void segmentsOfDifferentCompressionsAreAllListed() throws IOException {
        Initramfs image = Initramfs.builder()
                .newSegment(Compression.NONE).addFile("early/a", "1", 0644)
                .newSegment(Compression.GZIP).addFile("b", "2", 0644)
                .newSegment(Compression.NONE).addFile("c", "3", 0644)
                .newSegment(Compression.ZSTD).addFile("d", "4", 0644)
                .newSegment(null).addFile("e", "5", 0644)
                .build();
        byte[] bytes = write(image, CompressionOptions.builder().build());
        List<Seen> seen = read(bytes);
        assertEquals(List.of("early", "early/a", "b", "c", "d", "e"),
                seen.stream().map(s -> s.entry().name()).collect(Collectors.toList()));
        assertEquals(List.of(Compression.NONE, Compression.NONE, Compression.GZIP, Compression.NONE, Compression.ZSTD, Compression.XZ),
                seen.stream().map(s -> s.segment().compression()).collect(Collectors.toList()));
        assertEquals(0, seen.get(3).segment().offset() % 4, "uncompressed segment after gzip is aligned");
    }

    @Test
    void zeroPaddingBetweenSegmentsIsSkipped() throws IOException {
        byte[] one = write(Initramfs.builder().addFile("a", "1", 0644).build(),
                CompressionOptions.builder().compression(Compression.NONE).build());
        byte[] two = write(Initramfs.builder().addFile("b", "2", 0644).build(), CompressionOptions.builder().build());
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        joined.write(one);
        joined.write(new byte[4096 - one.length % 4096]);
        joined.write(two);
        joined.write(new byte[512]);
        assertEquals(List.of("a", "b"), read(joined.toByteArray()).stream().map(s -> s.entry().name()).collect(Collectors.toList()));
    }

    @Test
    void sourceDateEpochClampsEveryMtime() throws Exception {
        Path tree = Trees.allKinds(tmp.resolve("t"));
        Initramfs image = Initramfs.builder().sourceDateEpoch(1000).addTree(tree, "", TreeOptions.defaults(), BuildListener.NONE)
                .addFile("x", "y", 0644).build();
        for (Seen s : read(write(image, CompressionOptions.builder().compression(Compression.NONE).build()))) {
            assertTrue(s.entry().mtime() <= 1000, s.entry().toString());
        }
    }

    @Test
    void aFilterLeavesOutWholeFolders() throws Exception {
        Path tree = Trees.allKinds(tmp.resolve("t"));
        Initramfs image = Initramfs.builder()
                .addTree(tree, "prefix", TreeOptions.defaults().withFilter(p -> !p.startsWith("etc")), BuildListener.NONE).build();
        List<String> names = image.paths();
        assertTrue(names.contains("prefix/bin/blob"));
        assertFalse(names.stream().anyMatch(n -> n.contains("etc")), names.toString());
    }

    @Test
    void socketsAreSkippedWithAWarning() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("s"));
        Files.writeString(tree.resolve("file"), "x");
        List<String> warnings = new ArrayList<>();
        try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            socket.bind(UnixDomainSocketAddress.of(tree.resolve("sock")));
            Initramfs image = Initramfs.builder().addTree(tree, "", TreeOptions.defaults(), new BuildListener() {
                @Override
                public void warning(Path path, String message) {
                    warnings.add(path.getFileName() + ": " + message);
                }
            }).build();
            assertEquals(List.of("file"), image.paths());
        }
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith("sock: socket skipped"), warnings.toString());
    }

    @Test
    void aFileThatChangesSizeFailsTheBuildAndLeavesNoOutput() throws Exception {
        Path file = Files.writeString(tmp.resolve("grows"), "small");
        Initramfs image = Initramfs.builder().addFile("grows", file, 0644).build();
        Files.writeString(file, "much larger now");
        Path output = tmp.resolve("out.img");
        ImageBuildException e = assertThrows(ImageBuildException.class,
                () -> image.writeTo(output, CompressionOptions.builder().build(), BuildListener.NONE));
        assertEquals(file, e.path());
        assertTrue(e.getMessage().contains("changed size"), e.getMessage());
        try (var left = Files.list(tmp)) {
            assertEquals(List.of("grows"), left.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        }
    }

    @Test
    void anOutputInAMissingFolderIsAnErrorNamingIt() throws IOException {
        Initramfs image = Initramfs.builder().addFile("a", "1", 0644).build();
        Path output = tmp.resolve("missing/out.img");
        ImageBuildException e = assertThrows(ImageBuildException.class,
                () -> image.writeTo(output, CompressionOptions.builder().build(), BuildListener.NONE));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertTrue(e.getMessage().startsWith(output.toString()), e.getMessage());
    }

    @Test
    void aMissingTreeIsAnErrorNamingIt() {
        Path missing = tmp.resolve("nope");
        ImageBuildException e = assertThrows(ImageBuildException.class,
                () -> Initramfs.builder().addTree(missing, "", TreeOptions.defaults(), BuildListener.NONE));
        assertEquals(missing + ": no such directory", e.getMessage());
    }

    @Test
    void pathsWithDotDotAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Initramfs.builder().addFile("../etc/passwd", "x", 0644));
    }

    @Test
    void junkAfterAnArchiveIsAFormatError() throws IOException {
        byte[] one = write(Initramfs.builder().addFile("a", "1", 0644).build(),
                CompressionOptions.builder().compression(Compression.NONE).build());
        byte[] junk = Arrays.copyOf(one, one.length + 4);
        junk[one.length] = 'B';
        junk[one.length + 1] = 'Z';
        junk[one.length + 2] = 'h';
        CpioFormatException e = assertThrows(CpioFormatException.class, () -> read(junk));
        assertEquals(one.length, e.offset());
        assertTrue(e.getMessage().contains("bzip2"), e.getMessage());
    }

    @Test
    void anXzThreadNeedsTheEncoderOfItsPresetAndDictionary() {
        CompressionOptions xz = CompressionOptions.builder().build();
        long mib = xz.memoryPerThread() >> 20;
        assertTrue(mib >= 60 && mib <= 75, "tuned xz -6 (HC4) with an 8 MiB dictionary: " + mib + " MiB");
        long exact = xz.toBuilder().xzExact(true).build().memoryPerThread() >> 20;
        assertTrue(exact >= 90 && exact <= 110, "exact xz -6 (BT4) with an 8 MiB dictionary: " + exact + " MiB");
        assertTrue(xz.toBuilder().segmentSize(1 << 20).build().memoryPerThread() < (32L << 20),
                "the dictionary is never larger than a segment");
        assertTrue(xz.toBuilder().compression(Compression.GZIP).build().memoryPerThread() < (16L << 20));
    }
}
