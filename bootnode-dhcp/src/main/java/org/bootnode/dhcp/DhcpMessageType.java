package org.bootnode.dhcp;

import java.util.Map;

/**
 * Option 53, the DHCP message type (RFC 2132 §9.6, later ones from the IANA registry). An open
 * registry: {@code DhcpMessageType.of(42)} is kept and prints {@code unknown(42)}.
 */
public final class DhcpMessageType {
    public static final DhcpMessageType DISCOVER = new DhcpMessageType(1, "DISCOVER");
    public static final DhcpMessageType OFFER = new DhcpMessageType(2, "OFFER");
    public static final DhcpMessageType REQUEST = new DhcpMessageType(3, "REQUEST");
    public static final DhcpMessageType DECLINE = new DhcpMessageType(4, "DECLINE");
    public static final DhcpMessageType ACK = new DhcpMessageType(5, "ACK");
    public static final DhcpMessageType NAK = new DhcpMessageType(6, "NAK");
    public static final DhcpMessageType RELEASE = new DhcpMessageType(7, "RELEASE");
    public static final DhcpMessageType INFORM = new DhcpMessageType(8, "INFORM");

    private static final Map<Integer, DhcpMessageType> KNOWN = Map.of(
            1, DISCOVER, 2, OFFER, 3, REQUEST, 4, DECLINE, 5, ACK, 6, NAK, 7, RELEASE, 8, INFORM);

    private final int code;
    private final String name;

    private DhcpMessageType(int code, String name) {
        this.code = code;
        this.name = name;
    }

    /** The named constant for {@code code}, or a kept unknown value. */
    public static DhcpMessageType of(int code) {
        if (code < 0 || code > 255) {
            throw new IllegalArgumentException("message type: " + code + " (expected: 0..255)");
        }
        DhcpMessageType t = KNOWN.get(code);
        return t != null ? t : new DhcpMessageType(code, "unknown(" + code + ")");
    }

    public int code() {
        return code;
    }

    public boolean isKnown() {
        return KNOWN.containsKey(code);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DhcpMessageType t && t.code == code;
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
