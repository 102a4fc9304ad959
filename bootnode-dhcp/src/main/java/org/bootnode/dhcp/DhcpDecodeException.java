package org.bootnode.dhcp;

/**
 * A DHCP packet from the network could not be decoded. Names the field that was wrong and the
 * byte offset (from the start of the BOOTP header) where decoding stopped.
 */
public final class DhcpDecodeException extends Exception {
    private final String field;
    private final int offset;

    public DhcpDecodeException(String field, int offset, String problem) {
        super(field + " at offset " + offset + ": " + problem);
        this.field = field;
        this.offset = offset;
    }

    /** The field being decoded, e.g. {@code "hlen"} or {@code "option 54"}. */
    public String field() {
        return field;
    }

    /** Offset of the failing field from the start of the packet, in bytes. */
    public int offset() {
        return offset;
    }
}
