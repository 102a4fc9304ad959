package org.bootnode.dhcp;

/**
 * How many packets a fuzz test feeds each decoder or processor: {@value #DEFAULT} by default (CI
 * and everyday builds), or the system property {@code bootnode.fuzz.packets}. The full run:
 * <pre>
 * ./mvnw -q -B -ntp -pl bootnode-dhcp -am test -Dtest='*FuzzTest' -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbootnode.fuzz.packets=1000000
 * </pre>
 * A failure prints its seed; {@code -Dbootnode.fuzz.seed=N} replays it.
 */
public final class FuzzCount {
    public static final int DEFAULT = 20_000;

    private FuzzCount() {
    }

    public static int packets() {
        return Integer.getInteger("bootnode.fuzz.packets", DEFAULT);
    }

    public static long seed() {
        return Long.getLong("bootnode.fuzz.seed", System.nanoTime());
    }
}
