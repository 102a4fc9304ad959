package org.bootnode.dhcp.server;

import org.bootnode.dhcp.MacAddress;

/**
 * Sees what the DHCP server does, for the boot timeline and metrics. Every method has a no-op
 * default; they are called on the event loop and must return quickly.
 */
public interface DhcpListener {
    /** A listener that does nothing. */
    DhcpListener NONE = new DhcpListener() { };

    default void offer(DhcpEvent event) { }

    /** Sent after the lease is durable. */
    default void ack(DhcpEvent event) { }

    default void nak(DhcpEvent event) { }

    default void decline(DhcpEvent event) { }

    default void release(DhcpEvent event) { }

    default void inform(DhcpEvent event) { }

    /** A packet got no answer; {@code mac} is null when the packet could not be decoded. */
    default void ignored(MacAddress mac, IgnoreReason reason) { }
}
