package org.bootnode.tftp;

import java.util.Arrays;

/**
 * A block of data; its number is the 16-bit wire value (it wraps past 65535).
 *
 * <pre>
 *   2 bytes    2 bytes     n bytes (0..blksize)
 *  +--------+----------+-----------+
 *  |   03   |  block   |   data    |
 *  +--------+----------+-----------+
 * </pre>
 */
public final class Data implements TftpPacket {
    private final int block;
    private final byte[] payload;

    private Data(int block, byte[] payload) {
        this.block = block;
        this.payload = payload;
    }

    /** A block with a copy of the payload. */
    public static Data of(int block, byte[] payload) {
        checkBlock(block);
        if (payload.length > TftpOptions.MAX_BLKSIZE) {
            throw new IllegalArgumentException("payload: " + payload.length + " bytes (expected: 0.." + TftpOptions.MAX_BLKSIZE + ")");
        }
        return new Data(block, payload.clone());
    }

    static Data wrap(int block, byte[] payload) {
        return new Data(block, payload);
    }

    static void checkBlock(int block) {
        if (block < 0 || block > 0xFFFF) {
            throw new IllegalArgumentException("block: " + block + " (expected: 0..65535)");
        }
    }

    @Override
    public Opcode opcode() {
        return Opcode.DATA;
    }

    /** The block number, 0..65535. */
    public int block() {
        return block;
    }

    /** A copy of the payload. */
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload length. */
    public int length() {
        return payload.length;
    }

    byte[] payloadUnsafe() {
        return payload;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Data d && d.block == block && Arrays.equals(d.payload, payload);
    }

    @Override
    public int hashCode() {
        return block * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "DATA(" + block + ", " + payload.length + " bytes)";
    }
}
