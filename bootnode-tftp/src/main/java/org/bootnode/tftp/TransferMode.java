package org.bootnode.tftp;

import java.util.Locale;
import java.util.Optional;

/** The transfer modes of RFC 1350 §1; matched case-insensitively, a fixed set. */
public enum TransferMode {
    /** Raw 8-bit bytes. */
    OCTET("octet"),
    /** Network ASCII: lines end in CR LF, a bare CR is sent as CR NUL. */
    NETASCII("netascii"),
    /** Obsolete mail mode (RFC 1350 says it should not be implemented); decoded, always refused. */
    MAIL("mail");

    private final String wireName;

    TransferMode(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case name as sent on the wire. */
    public String wireName() {
        return wireName;
    }

    /** The mode for a name in any case, or empty. */
    public static Optional<TransferMode> parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "octet" -> Optional.of(OCTET);
            case "netascii" -> Optional.of(NETASCII);
            case "mail" -> Optional.of(MAIL);
            default -> Optional.empty();
        };
    }
}
