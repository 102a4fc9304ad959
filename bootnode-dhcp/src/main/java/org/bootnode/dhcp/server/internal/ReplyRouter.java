package org.bootnode.dhcp.server.internal;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import org.bootnode.dhcp.DhcpMessage;
import org.bootnode.dhcp.DhcpMessageType;
import org.bootnode.dhcp.OptionKey;
import org.bootnode.dhcp.internal.Inet4;

/** Where a reply goes (RFC 2131 §4.1). A pure function. */
public final class ReplyRouter {
    public static final Inet4Address LIMITED_BROADCAST = Inet4.of(-1);
    /** Option 82 sub-option 19, relay agent source port (RFC 8357 §5.1). */
    static final int RELAY_SOURCE_PORT = 19;

    private ReplyRouter() {
    }

    /**
     * @param request the client's request
     * @param type the reply's message type
     * @param sender where the request came from (UDP source)
     * @param clientPort the client port, 68 normally
     * @param serverPort the server port, 67 normally: a relay agent listens there
     */
    public static InetSocketAddress route(DhcpMessage request, DhcpMessageType type, InetSocketAddress sender, int clientPort,
                                          int serverPort) {
        if (!request.giaddr().isAnyLocalAddress()) {
            // §4.1: to the relay agent at giaddr, on the server port; RFC 8357: at the port it
            // sent from when it says (sub-option 19) that it listens there instead.
            boolean sourcePort = request.option(OptionKey.RELAY_AGENT_INFO).flatMap(i -> i.get(RELAY_SOURCE_PORT)).isPresent();
            return new InetSocketAddress(request.giaddr(), sourcePort ? sender.getPort() : serverPort);
        }
        if (type.equals(DhcpMessageType.NAK)) {
            return new InetSocketAddress(LIMITED_BROADCAST, clientPort); // §4.1: NAKs are broadcast when giaddr is 0
        }
        if (!request.ciaddr().isAnyLocalAddress()) {
            return new InetSocketAddress(request.ciaddr(), clientPort);
        }
        // Broadcast bit set, or no way to unicast to yiaddr without an ARP entry the JVM cannot make.
        return new InetSocketAddress(LIMITED_BROADCAST, clientPort);
    }

    /** Replies on the PXE boot server port go back where the request came from (PXE 2.1 §2.2.7). */
    public static InetSocketAddress routeProxy(DhcpMessage request, InetSocketAddress sender, int clientPort) {
        if (sender.getAddress().isAnyLocalAddress()) {
            return new InetSocketAddress(LIMITED_BROADCAST, clientPort);
        }
        return sender;
    }
}
