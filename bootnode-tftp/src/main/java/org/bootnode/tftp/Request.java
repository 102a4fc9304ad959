package org.bootnode.tftp;

import java.util.Objects;

/**
 * A read (RRQ) or write (WRQ) request, with the options of RFC 2347.
 *
 * <pre>
 *   2 bytes    string    1 byte   string   1 byte  string 1 byte string 1 byte
 *  +--------+----~~----+-------+---~~---+-------+--~~--+-----+--~~--+-----+
 *  | 01/02  | filename |   0   |  mode  |   0   | opt1 |  0  | val1 |  0  | ...
 *  +--------+----~~----+-------+---~~---+-------+--~~--+-----+--~~--+-----+
 * </pre>
 *
 * The filename is kept as the bytes came, one char per byte (ISO-8859-1), so nothing is lost
 * before the path rules look at it.
 */
public record Request(Opcode opcode, String filename, TransferMode mode, TftpOptions options) implements TftpPacket {
    /** Checks the parts. */
    public Request {
        Objects.requireNonNull(opcode, "opcode");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(options, "options");
        if (opcode != Opcode.RRQ && opcode != Opcode.WRQ) {
            throw new IllegalArgumentException("opcode: " + opcode + " (expected: RRQ or WRQ)");
        }
        if (filename.isEmpty() || filename.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("filename: '" + filename + "' (expected: non-empty, no NUL)");
        }
    }

    /** A read request in octet mode. */
    public static Request read(String filename, TftpOptions options) {
        return new Request(Opcode.RRQ, filename, TransferMode.OCTET, options);
    }

    /** A write request in octet mode. */
    public static Request write(String filename, TftpOptions options) {
        return new Request(Opcode.WRQ, filename, TransferMode.OCTET, options);
    }

    /** True for RRQ. */
    public boolean isRead() {
        return opcode == Opcode.RRQ;
    }
}
