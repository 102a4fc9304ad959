package org.bootnode.ipxe;

/**
 * How a command on the same line follows the previous one (core/exec.c). Each separator
 * tests the status of the last command that ran, so in {@code a || b && c} the command
 * {@code c} runs when {@code a} succeeds.
 */
public enum Separator {
    /** {@code ||}: run the next command if the last one failed. */
    OR("||"),
    /** {@code &&}: run the next command if the last one succeeded. */
    AND("&&"),
    /** {@code ;}: run the next command regardless. */
    THEN(";");

    private final String token;

    Separator(String token) {
        this.token = token;
    }

    /** The separator as written. */
    public String token() {
        return token;
    }
}
