package org.bootnode.ipxe;

/**
 * A script that this model cannot read: names the line (1-based, as iPXE counts physical
 * lines) and the column (1-based) where reading stopped.
 */
public final class IpxeParseException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    /** An error at a line and column. */
    public IpxeParseException(int line, int column, String message) {
        super("line " + line + ", column " + column + ": " + message);
        this.line = line;
        this.column = column;
    }

    /** The line, from 1. */
    public int line() {
        return line;
    }

    /** The column, from 1. */
    public int column() {
        return column;
    }
}
