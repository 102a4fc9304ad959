package org.bootnode.image.internal;

import java.util.Random;

/** Test data for this package's tests. */
final class TestBytes {
    private TestBytes() {}

    /** {@code n} random bytes, the same for the same seed. */
    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
