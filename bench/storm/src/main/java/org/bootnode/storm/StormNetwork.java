package org.bootnode.storm;

import java.net.Inet4Address;

/**
 * The storm's network, shared by run.sh, {@link StormSetup} and the IT: one /16 holding the
 * server, the relay and every node. The server's namespace routes the nodes' half
 * ({@link #NODES_CIDR}) to the relay, and the storm's namespace treats that half as local (a
 * {@code local} route on lo), so that each simulated node can bind its own leased address.
 *
 * <pre>
 *  server ns                 storm ns
 *  10.0.0.1/16  ── veth ──  10.0.0.2/16 (relay, giaddr)
 *  route 10.0.128.0/17       local 10.0.128.0/17 dev lo
 *        via 10.0.0.2        (node i: 10.0.(128 + i / 250).(1 + i % 250))
 * </pre>
 */
final class StormNetwork {
    static final Inet4Address SERVER = StormCommand.inet4("10.0.0.1");
    static final Inet4Address RELAY = StormCommand.inet4("10.0.0.2");
    static final String SUBNET = "10.0.0.0/16";
    static final String NODES_CIDR = "10.0.128.0/17";

    private StormNetwork() {}

    /** Node {@code index}'s reserved address. */
    static String address(int index) {
        return "10.0." + (128 + index / 250) + "." + (1 + index % 250);
    }
}
