package org.bootnode.tftp;

/**
 * A TFTP packet (RFC 1350 §5, RFC 2347): an immutable value, written and read by
 * {@link TftpCodec}.
 */
public sealed interface TftpPacket permits Request, Data, Ack, ErrorPacket, OptionAck {
    /** The packet's opcode. */
    Opcode opcode();
}
