package org.bootnode.server;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IPv4 literals for tests. */
public final class TestAddresses {
    private TestAddresses() {}

    /** The address {@code a.b.c.d} (a literal: no name lookup). */
    public static Inet4Address ip(String literal) {
        try {
            return (Inet4Address) InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
