package org.bootnode.tftp;

/**
 * A TFTP error code (RFC 1350 §5, RFC 2347 adds 8): named constants plus any other 16-bit value
 * kept as it came ({@code TftpErrorCode.of(42)} prints {@code unknown(42)}).
 */
public final class TftpErrorCode {
    private static final TftpErrorCode[] KNOWN = new TftpErrorCode[9];

    /** Not defined, see the message. */
    public static final TftpErrorCode NOT_DEFINED = known(0, "not-defined");
    /** File not found. */
    public static final TftpErrorCode FILE_NOT_FOUND = known(1, "file-not-found");
    /** Access violation. */
    public static final TftpErrorCode ACCESS_VIOLATION = known(2, "access-violation");
    /** Disk full or allocation exceeded. */
    public static final TftpErrorCode DISK_FULL = known(3, "disk-full");
    /** Illegal TFTP operation. */
    public static final TftpErrorCode ILLEGAL_OPERATION = known(4, "illegal-operation");
    /** Unknown transfer ID. */
    public static final TftpErrorCode UNKNOWN_TID = known(5, "unknown-tid");
    /** File already exists. */
    public static final TftpErrorCode FILE_EXISTS = known(6, "file-exists");
    /** No such user. */
    public static final TftpErrorCode NO_SUCH_USER = known(7, "no-such-user");
    /** Option negotiation refused (RFC 2347). */
    public static final TftpErrorCode OPTION_REFUSED = known(8, "option-refused");

    private final int code;
    private final String name;

    private TftpErrorCode(int code, String name) {
        this.code = code;
        this.name = name;
    }

    private static TftpErrorCode known(int code, String name) {
        TftpErrorCode c = new TftpErrorCode(code, name);
        KNOWN[code] = c;
        return c;
    }

    /** The code for a wire value 0..65535; unknown values are kept. */
    public static TftpErrorCode of(int code) {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("error code: " + code + " (expected: 0..65535)");
        }
        return code < KNOWN.length ? KNOWN[code] : new TftpErrorCode(code, "unknown(" + code + ")");
    }

    /** The wire value. */
    public int code() {
        return code;
    }

    /** True for the codes RFC 1350 and RFC 2347 define. */
    public boolean isKnown() {
        return code < KNOWN.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TftpErrorCode other && other.code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    @Override
    public String toString() {
        return name;
    }
}
