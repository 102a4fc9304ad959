package org.bootnode.dhcp.lease;

import java.net.Inet4Address;
import java.time.Instant;
import java.util.Objects;
import org.bootnode.dhcp.ClientId;
import org.bootnode.dhcp.MacAddress;

/**
 * A lease: which client holds which address until when. A {@link State#DECLINED} lease marks an
 * address a client reported in use by someone else (RFC 2131 §4.3.3): set aside until it expires.
 *
 * <p>A client is named by its client identifier (option 61) when it sent one, else by its
 * hardware address (RFC 2131 §4.2); see {@link #belongsTo}.
 *
 * @param mac the client's hardware address (chaddr)
 * @param clientId the client identifier it sent (option 61), or null when it sent none
 * @param address the leased address
 * @param hostName the host name given with it, or empty text
 * @param expires when the lease ends
 * @param state bound or declined
 */
public record Lease(MacAddress mac, ClientId clientId, Inet4Address address, String hostName, Instant expires, State state) {
    /** A lease's state: a fixed set. */
    public enum State { BOUND, DECLINED }

    public Lease {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(state, "state");
    }

    /** A lease of a client that sent no client identifier: named by its hardware address. */
    public Lease(MacAddress mac, Inet4Address address, String hostName, Instant expires, State state) {
        this(mac, null, address, hostName, expires, state);
    }

    public boolean isActive(Instant now) {
        return now.isBefore(expires);
    }

    /**
     * Whether this lease is the lease of the client with hardware address {@code mac} and client
     * identifier {@code id} (null: none). The identifiers decide when both sides have one; when
     * either lacks one, the hardware addresses decide. This is Kea's rule: PXE firmware (no
     * option 61) and the iPXE it loads (option 61 = type 1 and the MAC) are one client. An
     * {@linkplain MacAddress#isUnspecified unspecified} hardware address (hlen 0, all zeros) names
     * no one: it never makes two clients one.
     */
    public boolean belongsTo(MacAddress mac, ClientId id) {
        if (clientId != null && id != null) {
            return clientId.equals(id);
        }
        return this.mac.equals(mac) && !mac.isUnspecified();
    }
}
