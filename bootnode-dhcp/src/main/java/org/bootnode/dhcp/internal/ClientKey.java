package org.bootnode.dhcp.internal;

import java.util.Objects;
import org.bootnode.dhcp.ClientId;
import org.bootnode.dhcp.MacAddress;

/**
 * What names a client in the server's tables (RFC 2131 §4.2): its client identifier when it sent
 * one, else its hardware address. Exactly one of the two is set, so a MAC never equals an identifier.
 */
public record ClientKey(ClientId clientId, MacAddress mac) {
    public ClientKey {
        if ((clientId == null) == (mac == null)) {
            throw new IllegalArgumentException("client key: exactly one of client id and MAC (got " + clientId + ", " + mac + ")");
        }
    }

    /** The key of a client with hardware address {@code mac} and identifier {@code clientId} (null: none). */
    public static ClientKey of(MacAddress mac, ClientId clientId) {
        return clientId != null ? new ClientKey(clientId, null) : new ClientKey(null, Objects.requireNonNull(mac, "mac"));
    }

    @Override
    public String toString() {
        return clientId != null ? "id " + clientId : mac.toString();
    }
}
