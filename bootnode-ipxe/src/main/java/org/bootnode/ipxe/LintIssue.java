package org.bootnode.ipxe;

/**
 * A problem the linter found.
 *
 * @param kind what kind of problem
 * @param line the line in the rendered script (the signature is line 1), or 0 for the
 *     script as a whole
 * @param message a sentence for a person
 */
public record LintIssue(Kind kind, int line, String message) {

    /** The kinds of problem. */
    public enum Kind {
        /** A command iPXE does not have. */
        UNKNOWN_COMMAND,
        /** {@code goto} to a label that the script does not define. */
        MISSING_LABEL,
        /** A label defined twice ({@code goto} finds the first). */
        DUPLICATE_LABEL,
        /** No path from the start reaches {@code boot}, {@code chain}, {@code exit} or another
         *  command that leaves the script. */
        NO_EXIT_PATH
    }

    @Override
    public String toString() {
        return (line > 0 ? "line " + line + ": " : "") + kind + ": " + message;
    }
}
