package org.bootnode.tftp.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Test files of the sizes that matter for TFTP, and SHA-256 of files. */
final class Fixtures {
    private Fixtures() {}

    /** Name to size: empty, one block less, exact block, one more, 1 MiB, 40 MiB (past the 16-bit wrap at 512). */
    static final Map<String, Integer> SIZES = new LinkedHashMap<>();

    static {
        SIZES.put("f0", 0);
        SIZES.put("f511", 511);
        SIZES.put("f512", 512);
        SIZES.put("f513", 513);
        SIZES.put("f1m", 1 << 20);
        SIZES.put("f40m", 40 << 20);
    }

    static void write(Path root, String name, int size, long seed) throws IOException {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        Files.write(root.resolve(name), b);
    }

    static String sha256(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
