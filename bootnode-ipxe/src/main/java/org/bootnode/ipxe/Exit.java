package org.bootnode.ipxe;

/**
 * {@code exit [status]}: leave the script (and the shell).
 *
 * @param status the exit status, or null for 0
 */
public record Exit(Long status) implements Command {

    /** Checks the status. */
    public Exit {
        if (status != null && (status < 0 || status > 0xffffffffL)) {
            throw new IllegalArgumentException("exit: " + status + " (expected: 0..4294967295)");
        }
    }

    @Override
    public String name() {
        return "exit";
    }
}
