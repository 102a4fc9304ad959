package org.bootnode.dhcp.lease;

import java.net.Inet4Address;
import java.time.Instant;
import java.util.Objects;
import org.bootnode.dhcp.MacAddress;

/**
 * A lease: which client holds which address until when. A {@link State#DECLINED} lease marks an
 * address a client reported in use by someone else (RFC 2131 §4.3.3): set aside until it expires.
 *
 * @param mac the client (chaddr)
 * @param address the leased address
 * @param hostName the host name given with it, or empty text
 * @param expires when the lease ends
 * @param state bound or declined
 */
public record Lease(MacAddress mac, Inet4Address address, String hostName, Instant expires, State state) {
    /** A lease's state: a fixed set. */
    public enum State { BOUND, DECLINED }

    public Lease {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(state, "state");
    }

    public boolean isActive(Instant now) {
        return now.isBefore(expires);
    }
}
