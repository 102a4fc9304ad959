package org.bootnode.dhcp.server;

import java.net.Inet4Address;
import org.bootnode.dhcp.DhcpDecodeException;
import org.bootnode.dhcp.DhcpMessageType;
import org.bootnode.dhcp.pxe.ClientClass;

/** Why the server did not answer a packet: data for the listener and the debug log. */
public sealed interface IgnoreReason {
    /** The packet could not be decoded. */
    record Malformed(DhcpDecodeException error) implements IgnoreReason { }
    /** A BOOTREPLY, or an op the server does not answer. */
    record NotARequest() implements IgnoreReason { }
    /** No option 53 (plain BOOTP is not served). */
    record NoMessageType() implements IgnoreReason { }
    /** A message type a server does not handle (OFFER, ACK, unknown codes). */
    record UnhandledType(DhcpMessageType type) implements IgnoreReason { }
    /**
     * The client has no reservation and the pool does not serve it: heard on {@code subnet} (its
     * name) as {@code client} (its kind and architecture), so that an embedder can list the
     * machines asking and adopt one.
     */
    record UnknownClient(String subnet, ClientClass client) implements IgnoreReason { }
    /** The pool has no free address. */
    record PoolExhausted() implements IgnoreReason { }
    /** The request names another server: the client chose it (RFC 2131 §4.3.2). */
    record OtherServer(Inet4Address serverId) implements IgnoreReason { }
    /**
     * No served subnet holds the request's link: option 82.5, else giaddr, else (received
     * directly) the server's own address.
     */
    record NoSubnet(Inet4Address link) implements IgnoreReason { }
    /** The client's reserved address is on another subnet than the one it asks from (a node moved racks). */
    record ReservedOnOtherSubnet(String subnet) implements IgnoreReason { }
    /** A REQUEST that fits no RFC 2131 §4.3.2 state (e.g. no requested address and no ciaddr). */
    record BadRequest(String why) implements IgnoreReason { }
    /** proxyDHCP mode: not a PXE client, or a message only the address server answers. */
    record NotForProxy() implements IgnoreReason { }
    /**
     * A DECLINE or RELEASE for an address the sender holds no lease on (RFC 2131 §4.3.3, §4.3.4:
     * both concern the sender's own lease): it cannot take another client's address away.
     */
    record NotLeaseHolder(Inet4Address address) implements IgnoreReason { }
    /**
     * Neither a client identifier (option 61) nor a usable hardware address (chaddr of hlen 0, or
     * all zeros): nothing names the client, so it gets no lease (RFC 2131 §4.2).
     */
    record NoClientIdentity() implements IgnoreReason { }
    /** Too many ACKs are waiting for the lease store. */
    record Overloaded() implements IgnoreReason { }
    /** The lease store cannot commit the offered lease now (a shared database away): no OFFER is sent. */
    record StoreUnavailable() implements IgnoreReason { }
    /** The lease store failed to record the lease: no ACK is sent. */
    record StoreFailed(Throwable error) implements IgnoreReason { }
}
