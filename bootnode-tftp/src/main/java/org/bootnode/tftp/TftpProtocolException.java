package org.bootnode.tftp;

/**
 * Bad input from the network: a packet that cannot be decoded, or a request that cannot be
 * served as asked. Names the field and byte offset, and the error code to answer with.
 */
public final class TftpProtocolException extends Exception {
    private final String field;
    private final int offset;
    private final TftpErrorCode errorCode;

    /** A problem with {@code field} at byte {@code offset} (-1 when not tied to a byte). */
    public TftpProtocolException(TftpErrorCode errorCode, String field, int offset, String message) {
        super(field + (offset >= 0 ? " at offset " + offset : "") + ": " + message);
        this.field = field;
        this.offset = offset;
        this.errorCode = errorCode;
    }

    /** The field that was wrong, e.g. {@code filename} or {@code option blksize}. */
    public String field() {
        return field;
    }

    /** The byte offset in the packet, or -1. */
    public int offset() {
        return offset;
    }

    /** The ERROR code a peer should get for this. */
    public TftpErrorCode errorCode() {
        return errorCode;
    }
}
