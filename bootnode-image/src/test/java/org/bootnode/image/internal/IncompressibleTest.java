package org.bootnode.image.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncompressibleTest {
    @TempDir Path tmp;

    private static byte[] text(int n) {
        StringBuilder s = new StringBuilder();
        Random r = new Random(7);
        while (s.length() < n) {
            s.append("line ").append(r.nextInt(1000)).append(" of a log that repeats itself\n");
        }
        return s.substring(0, n).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aLargeGzipFileIsIncompressible() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(TestBytes.random(1 << 20, 1));
            gz.write(text(2 << 20));
        }
        Path f = Files.write(tmp.resolve("f.gz"), bytes.toByteArray());
        assertTrue(bytes.size() >= Incompressible.MIN_SIZE, "test data too small: " + bytes.size());
        assertTrue(Incompressible.file(f, Files.size(f)));
    }

    @Test
    void randomBytesAreIncompressible() throws Exception {
        Path f = Files.write(tmp.resolve("r"), TestBytes.random(2 << 20, 2));
        assertTrue(Incompressible.file(f, Files.size(f)));
    }

    @Test
    void textIsCompressible() throws Exception {
        Path f = Files.write(tmp.resolve("t"), text(2 << 20));
        assertFalse(Incompressible.file(f, Files.size(f)));
    }

    @Test
    void aSmallFileIsAlwaysCompressed() throws Exception {
        Path f = Files.write(tmp.resolve("small"), TestBytes.random((int) Incompressible.MIN_SIZE - 1, 3));
        assertFalse(Incompressible.file(f, Files.size(f)));
    }

    @Test
    void compressibleMiddleOrEndIsEnough() throws Exception {
        byte[] middle = TestBytes.random(2 << 20, 4);
        System.arraycopy(text(64 * 1024), 0, middle, (1 << 20) - 32 * 1024, 64 * 1024);
        Path m = Files.write(tmp.resolve("m"), middle);
        assertFalse(Incompressible.file(m, Files.size(m)));
        byte[] end = TestBytes.random(2 << 20, 5);
        System.arraycopy(text(32 * 1024), 0, end, end.length - 32 * 1024, 32 * 1024);
        Path e = Files.write(tmp.resolve("e"), end);
        assertFalse(Incompressible.file(e, Files.size(e)));
    }
}
