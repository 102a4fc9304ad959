package org.bootnode.tftp;

/**
 * Acknowledges a block (0 acknowledges a WRQ or an OACK).
 *
 * <pre>
 *   2 bytes    2 bytes
 *  +--------+----------+
 *  |   04   |  block   |
 *  +--------+----------+
 * </pre>
 */
public record Ack(int block) implements TftpPacket {
    /** Checks the block number. */
    public Ack {
        Data.checkBlock(block);
    }

    @Override
    public Opcode opcode() {
        return Opcode.ACK;
    }
}
