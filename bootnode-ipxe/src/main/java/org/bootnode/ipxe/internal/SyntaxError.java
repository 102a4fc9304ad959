package org.bootnode.ipxe.internal;

/**
 * A script that the model cannot read, at a place in it. The model turns it into its public
 * {@code IpxeParseException} (or an {@code IllegalArgumentException} for a single value).
 */
public final class SyntaxError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    /** An error at a column (from 0) of the line being read. */
    public SyntaxError(int column, String message) {
        this(0, column, message);
    }

    /** An error at a line (from 1; 0 when the caller knows it) and a column (from 0). */
    public SyntaxError(int line, int column, String message) {
        super(message, null, false, false);
        this.line = line;
        this.column = column;
    }

    /** The same error on a known line. */
    public SyntaxError onLine(int number) {
        return line != 0 ? this : new SyntaxError(number, column, getMessage());
    }

    /** The line, from 1, or 0 when not known here. */
    public int line() {
        return line;
    }

    /** The column, from 0. */
    public int column() {
        return column;
    }
}
