package org.bootnode.tftp;

import java.util.Objects;

/**
 * An error; it ends the transfer and is never acknowledged or resent.
 *
 * <pre>
 *   2 bytes    2 bytes     string   1 byte
 *  +--------+-----------+---~~---+-------+
 *  |   05   | errorcode | errmsg |   0   |
 *  +--------+-----------+---~~---+-------+
 * </pre>
 */
public record ErrorPacket(TftpErrorCode code, String message) implements TftpPacket {
    /** Checks the parts. */
    public ErrorPacket {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        if (message.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("message: contains NUL (expected: none)");
        }
    }

    @Override
    public Opcode opcode() {
        return Opcode.ERROR;
    }
}
