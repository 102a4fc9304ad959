package org.bootnode.tftp;

import java.util.Objects;

/**
 * The server's acknowledgement of the options it accepted (RFC 2347).
 *
 * <pre>
 *   2 bytes   string  1 byte  string  1 byte
 *  +-------+---~~---+---+---~~---+---+ ...
 *  |  06   |  opt1  | 0 |  val1  | 0 | ...
 *  +-------+---~~---+---+---~~---+---+ ...
 * </pre>
 */
public record OptionAck(TftpOptions options) implements TftpPacket {
    /** Checks the parts. */
    public OptionAck {
        Objects.requireNonNull(options, "options");
    }

    @Override
    public Opcode opcode() {
        return Opcode.OACK;
    }
}
