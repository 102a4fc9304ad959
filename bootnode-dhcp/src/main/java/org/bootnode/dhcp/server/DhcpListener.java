package org.bootnode.dhcp.server;

import org.bootnode.dhcp.MacAddress;

/**
 * Sees what the DHCP server does, for the boot timeline and metrics. Every method has a no-op
 * default; they are called on the event loop and must return quickly.
 */
public interface DhcpListener {
    /** A listener that does nothing. */
    DhcpListener NONE = new DhcpListener() { };

    /**
     * A datagram arrived, before it is decoded: every packet is reported here once, and then once
     * more as an event or as {@link #ignored}. {@code bytes} is its length.
     */
    default void received(int bytes) { }

    default void offer(DhcpEvent event) { }

    /** Sent after the lease is durable. */
    default void ack(DhcpEvent event) { }

    default void nak(DhcpEvent event) { }

    /** A DECLINE from the holder of the lease was honoured (or, for a reserved address, logged). */
    default void decline(DhcpEvent event) { }

    default void release(DhcpEvent event) { }

    default void inform(DhcpEvent event) { }

    /** A packet got no answer; {@code mac} is null when the packet could not be decoded. */
    default void ignored(MacAddress mac, IgnoreReason reason) { }
}
