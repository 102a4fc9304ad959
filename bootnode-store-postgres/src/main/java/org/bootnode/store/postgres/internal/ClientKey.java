package org.bootnode.store.postgres.internal;

import java.util.Arrays;
import java.util.HexFormat;
import org.bootnode.dhcp.ClientId;
import org.bootnode.dhcp.MacAddress;

/**
 * What names a client (RFC 2131 §4.2): its client identifier when it sent one, else its hardware
 * address. As bytes (the {@code client_key} column), a tag byte keeps the two apart: 1 and the
 * identifier, or 0 and the hardware address.
 */
record ClientKey(byte[] bytes) {
    static ClientKey of(MacAddress mac, ClientId clientId) {
        byte[] value = clientId != null ? clientId.bytes() : mac.bytes();
        byte[] key = new byte[value.length + 1];
        key[0] = (byte) (clientId != null ? 1 : 0);
        System.arraycopy(value, 0, key, 1, value.length);
        return new ClientKey(key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
