package org.bootnode.ipxe;

/**
 * {@code sleep seconds}: wait; fails when interrupted by Ctrl-C.
 *
 * @param seconds how long, in seconds
 */
public record Sleep(long seconds) implements Command {

    /** Checks the duration. */
    public Sleep {
        if (seconds < 0 || seconds > 0xffffffffL) {
            throw new IllegalArgumentException("sleep: " + seconds + " (expected: 0..4294967295 s)");
        }
    }

    @Override
    public String name() {
        return "sleep";
    }
}
