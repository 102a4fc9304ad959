package org.bootnode.dhcp;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A client identifier, option 61 (RFC 2132 §9.14): opaque bytes, usually a type byte and a value
 * (type 1 and the MAC for dhclient and iPXE, 255 plus IAID and DUID for dhcpcd, RFC 4361).
 * RFC 2131 §4.2 names a client by this option when it sends one, else by chaddr; two identifiers
 * are the same only when their bytes are. Printed and parsed as colon hex, {@code 01:fc:ab:14:e8:66:01}.
 */
public final class ClientId {
    /** The most bytes an identifier may have: one option's worth (Kea's limit too). */
    public static final int MAX_LENGTH = 255;

    private final byte[] bytes;

    private ClientId(byte[] bytes) {
        if (bytes.length < 1 || bytes.length > MAX_LENGTH) {
            throw new IllegalArgumentException("client identifier length: " + bytes.length + " (expected: 1.." + MAX_LENGTH + ")");
        }
        this.bytes = bytes;
    }

    /** A copy of {@code bytes}, 1 to 255 of them. */
    public static ClientId of(byte[] bytes) {
        return new ClientId(bytes.clone());
    }

    /**
     * The identifier {@code message} carries in option 61, if it carries a non-empty one. An empty
     * option 61 counts as none; a longer one than {@link #MAX_LENGTH} is the caller's to refuse.
     */
    public static Optional<ClientId> of(DhcpMessage message) {
        return message.option(OptionKey.CLIENT_ID).filter(b -> b.length > 0 && b.length <= MAX_LENGTH).map(ClientId::new);
    }

    /** Parses colon hex, {@code 01:fc:ab:14:e8:66:01} (either case). */
    public static ClientId parse(String text) {
        try {
            return new ClientId(HexFormat.ofDelimiter(":").parseHex(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("client identifier: " + text + " (expected: 1 to " + MAX_LENGTH
                    + " hex pairs separated by ':')", e);
        }
    }

    /** A copy of the identifier's bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientId c && Arrays.equals(bytes, c.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Lower-case colon hex, e.g. {@code 01:fc:ab:14:e8:66:01}. */
    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(bytes);
    }
}
