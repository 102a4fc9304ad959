package org.bootnode.dhcp.server.internal;

import java.net.InetSocketAddress;
import org.bootnode.dhcp.DhcpMessage;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.lease.Lease;
import org.bootnode.dhcp.server.DhcpEvent;
import org.bootnode.dhcp.server.IgnoreReason;

/** What the server does with one request: the result of {@link DhcpProcessor#process}. */
public sealed interface Outcome {
    /** The kind of event reported to the listener: a fixed set. */
    enum Event { OFFER, ACK, NAK, DECLINE, RELEASE, INFORM }

    /** No answer, and why. {@code mac} is null when the packet was not readable. */
    record Ignore(MacAddress mac, IgnoreReason reason) implements Outcome { }

    /**
     * Send {@code reply} to {@code to}; when {@code durableFirst} is not null, only after the
     * lease store has made it durable.
     */
    record Send(DhcpMessage reply, InetSocketAddress to, Event event, DhcpEvent detail, Lease durableFirst) implements Outcome { }

    /**
     * No reply is due (DECLINE, RELEASE), but something happened; {@code warning}, when not null,
     * is a line for the admin (an address conflict), logged at warn.
     */
    record Noted(Event event, DhcpEvent detail, String warning) implements Outcome { }
}
