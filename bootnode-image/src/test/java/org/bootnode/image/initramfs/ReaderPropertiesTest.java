package org.bootnode.image.initramfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.bootnode.image.cpio.CpioFileType;
import org.bootnode.image.cpio.CpioFormatException;

class ReaderPropertiesTest {
    record FileSpec(String path, byte[] data, int permissions) {}

    @Provide
    Arbitrary<List<FileSpec>> trees() {
        Arbitrary<String> component = Arbitraries.strings().withChars("abcXYZ019-_.é").ofMinLength(1).ofMaxLength(12)
                .filter(s -> !s.equals(".") && !s.equals(".."));
        Arbitrary<String> path = component.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("/", l));
        Arbitrary<byte[]> data = Arbitraries.bytes().array(byte[].class).ofMaxSize(3000);
        Arbitrary<Integer> perms = Arbitraries.integers().between(0, 07777);
        return Combinators.combine(path, data, perms).as(FileSpec::new).list().ofMaxSize(20);
    }

    @Property(tries = 60)
    void randomTreesRoundTrip(@ForAll("trees") List<FileSpec> files, @ForAll Compression compression) throws IOException {
        Initramfs.Builder b = Initramfs.builder();
        Map<String, FileSpec> expected = new LinkedHashMap<>();
        for (FileSpec f : files) {
            // a file whose path is another file's parent would be replaced by a directory: keep leaves apart
            if (expected.keySet().stream().anyMatch(p -> p.startsWith(f.path() + "/") || f.path().startsWith(p + "/"))) {
                continue;
            }
            b.addFile(f.path(), f.data(), f.permissions());
            expected.put(f.path(), f);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        b.build().writeTo(out, CompressionOptions.builder().compression(compression).segmentSize(64 * 1024).build(), BuildListener.NONE);
        Map<String, byte[]> seen = new LinkedHashMap<>();
        Map<String, Integer> perms = new LinkedHashMap<>();
        InitramfsReader.read(new ByteArrayInputStream(out.toByteArray()), (s, e, d) -> {
            if (e.type() == CpioFileType.REGULAR) {
                seen.put(e.name(), d.readAllBytes());
                perms.put(e.name(), e.permissions());
            }
        });
        assertEquals(expected.keySet(), seen.keySet());
        for (FileSpec f : expected.values()) {
            assertArrayEquals(f.data(), seen.get(f.path()), f.path());
            assertEquals(f.permissions(), perms.get(f.path()), f.path());
        }
    }

    @Property(tries = 400)
    void randomBytesGiveACleanResultOrAFormatError(@ForAll @Size(max = 600) byte[] junk, @ForAll boolean cpioPrefix) {
        byte[] input = junk;
        if (cpioPrefix) {
            // steer some inputs past the magic check, into the header fields
            input = new byte[junk.length + 6];
            System.arraycopy("070701".getBytes(StandardCharsets.US_ASCII), 0, input, 0, 6);
            System.arraycopy(junk, 0, input, 6, junk.length);
        }
        byte[] bytes = input;
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try {
                InitramfsReader.read(new ByteArrayInputStream(bytes), (s, e, d) -> d.readAllBytes());
            } catch (CpioFormatException expected) {
                // the typed error is a clean outcome
            }
        });
    }

    @Property(tries = 150)
    void mangledImagesGiveACleanResultOrAFormatError(@ForAll Compression compression, @ForAll("mangles") List<Integer> mangles)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Initramfs.builder().addFile("a/b", "hello hello hello", 0644).addFile("c", new byte[2000], 0600).build()
                .writeTo(out, CompressionOptions.builder().compression(compression).build(), BuildListener.NONE);
        byte[] bytes = out.toByteArray();
        List<Integer> applied = new ArrayList<>(mangles);
        int cut = applied.isEmpty() ? bytes.length : Math.floorMod(applied.remove(0), bytes.length + 1);
        byte[] mangled = Arrays.copyOf(bytes, cut);
        for (int m : applied) {
            if (mangled.length > 0) {
                mangled[Math.floorMod(m, mangled.length)] ^= (byte) (1 << Math.floorMod(m >> 16, 8));
            }
        }
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try {
                InitramfsReader.read(new ByteArrayInputStream(mangled), (s, e, d) -> d.readAllBytes());
            } catch (CpioFormatException expected) {
                // the typed error is a clean outcome
            }
        });
    }

    @Provide
    Arbitrary<List<Integer>> mangles() {
        return Arbitraries.integers().list().ofMinSize(1).ofMaxSize(4);
    }
}
