package org.bootnode.tftp;

/**
 * TFTP opcodes: the first two bytes of every packet (RFC 1350 §5, RFC 2347 adds OACK).
 * A closed set: an unknown opcode is a protocol error, answered with ERROR 4.
 */
public enum Opcode {
    /** Read request. */
    RRQ(1),
    /** Write request. */
    WRQ(2),
    /** A block of data. */
    DATA(3),
    /** Acknowledgement of a block. */
    ACK(4),
    /** Error, ends the transfer. */
    ERROR(5),
    /** Option acknowledgement (RFC 2347). */
    OACK(6);

    /** By wire value minus one; {@code values()} would copy the array for every packet decoded. */
    private static final Opcode[] BY_CODE = values();

    private final int code;

    Opcode(int code) {
        this.code = code;
    }

    /** The wire value. */
    public int code() {
        return code;
    }

    /** The opcode for a wire value, or null when there is none. */
    static Opcode fromCode(int code) {
        return code >= 1 && code <= BY_CODE.length ? BY_CODE[code - 1] : null;
    }
}
