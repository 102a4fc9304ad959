package org.bootnode.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A routed topology for DHCP relay tests: racks in subnets of their own, behind a router that
 * relays DHCP to the server (ISC {@code dhcrelay}, Debian isc-dhcp-relay) and routes the rest.
 *
 * <pre>
 *  test's namespace (the server)        router namespace                 rack namespaces
 *  serverInterface  10.A.B.1/24 ─veth── 10.A.B.254     ip_forward=1
 *  routes to 10.A.B+n.0/24 via .254     10.A.B+1.1/24 ─────────veth───── rack 1 (no address: DHCP)
 *                                       10.A.B+2.1/24 ─────────veth───── rack 2
 *                                       dhcrelay -id rack sides -iu server side 10.A.B.1
 * </pre>
 *
 * A rack can also hold a VM: {@link Rack#bridgeTap()} puts the rack's end of its veth on a bridge
 * with a tap device, so that a qemu node there is on the rack's link, behind the router.
 *
 * The server side is the test's own namespace, as with the other DHCP tests, so that a server
 * started by the test in its JVM is on it. Subnets are a random {@code 10.A.B.0/24} block of
 * 10.128.0.0/9 so that tests running at once do not share one; the routes to the racks go with
 * the veth when {@link #close()} deletes the router's namespace. Needs root and {@code ip}; the
 * relay needs {@code dhcrelay}.
 */
public final class RoutedNet implements AutoCloseable {
    private static final Duration IP_LIMIT = Duration.ofSeconds(20);

    private final String base;
    private final int block;
    private final Netns router;
    private final Netns.Link uplink;
    private final List<Rack> racks;

    /**
     * A rack: its namespace, the veth (router end outside, client end inside, no address) and
     * its subnet.
     *
     * @param ns the rack's namespace
     * @param link the router's end ({@code outside}) and the rack's ({@code inside})
     * @param subnet the rack's subnet, e.g. {@code 10.130.9.0/24}
     * @param gateway the router's address in it, {@code .1}: the relay's giaddr
     */
    public record Rack(Netns ns, Netns.Link link, String subnet, String gateway) {
        /** The address {@code host} of the rack's subnet, e.g. {@code at(10)} is {@code 10.A.B.10}. */
        public String at(int host) {
            return subnet.substring(0, subnet.lastIndexOf('.') + 1) + host;
        }

        /**
         * Puts the rack's end of the link on a new bridge in the rack's namespace, with a new tap
         * device on it for a VM ({@code qemu -netdev tap,ifname=TAP,script=no,downscript=no} run
         * in {@link #ns()}); returns the tap's name. Once per rack: a link joins one bridge only.
         * The bridge has no address, so the rack's namespace itself stays off the network.
         */
        public String bridgeTap() {
            String bridge = ns.bridge(null);
            ns.ip("link", "set", link.inside(), "master", bridge);
            return ns.tap(bridge);
        }
    }

    private RoutedNet(String base, int block, Netns router, Netns.Link uplink, List<Rack> racks) {
        this.base = base;
        this.block = block;
        this.router = router;
        this.uplink = uplink;
        this.racks = racks;
    }

    /** Makes the router and {@code rackCount} (1..8) racks. */
    public static RoutedNet create(String prefix, int rackCount) {
        if (rackCount < 1 || rackCount > 8) {
            throw new IllegalArgumentException("racks: " + rackCount + " (expected: 1..8)");
        }
        Tools.requireRootAnd("ip");
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String base = "10." + (128 + r.nextInt(127)) + ".";
        int block = r.nextInt(256 - rackCount);
        Netns router = Netns.create(prefix + "r");
        List<Rack> racks = new ArrayList<>();
        try {
            Netns.Link uplink = router.vethToHost(base + block + ".1/24", base + block + ".254/24");
            router.ok("sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
            for (int i = 1; i <= rackCount; i++) {
                String net = base + (block + i) + ".";
                Netns rack = Netns.create(prefix + i);
                racks.add(new Rack(rack, rack.vethFrom(router, net + "1/24", null), net + "0/24", net + "1"));
                Exec.ok(IP_LIMIT, "ip", "route", "add", net + "0/24", "via", base + block + ".254", "dev", uplink.outside());
            }
            return new RoutedNet(base, block, router, uplink, List.copyOf(racks));
        } catch (RuntimeException | AssertionError e) {
            racks.forEach(k -> k.ns().close());
            router.close();
            throw e;
        }
    }

    /** The server's address, {@code 10.A.B.1}, on {@link #serverInterface()}. */
    public String serverAddress() {
        return base + block + ".1";
    }

    /** The server's subnet, {@code 10.A.B.0/24}. */
    public String serverSubnet() {
        return base + block + ".0/24";
    }

    /** The server's interface, in the test's own namespace. */
    public String serverInterface() {
        return uplink.outside();
    }

    /** The router's namespace. */
    public Netns router() {
        return router;
    }

    public List<Rack> racks() {
        return racks;
    }

    /**
     * Starts ISC dhcrelay in the router, relaying every rack to the server, in the foreground
     * ({@code -d}) with its pid file in {@code dir}; waits until it listens. Close it before this.
     */
    public BackgroundProcess startRelay(Path dir) {
        Tools.require("dhcrelay");
        List<String> command = new ArrayList<>(router.command("dhcrelay", "-d", "-4", "-pf", dir.resolve("dhcrelay.pid").toString()));
        for (Rack rack : racks) {
            command.add("-id");
            command.add(rack.link().outside());
        }
        command.addAll(List.of("-iu", uplink.inside(), serverAddress()));
        BackgroundProcess relay = BackgroundProcess.start(dir.resolve("dhcrelay.log"), command);
        try {
            relay.awaitOutput(Duration.ofSeconds(20), o -> o.contains("Sending on   Socket"), "dhcrelay listening");
        } catch (RuntimeException | AssertionError e) {
            relay.close();
            throw e;
        }
        return relay;
    }

    /** Deletes the racks and the router (and so the veths and the routes through them). */
    @Override
    public void close() {
        for (Rack rack : racks) {
            rack.ns().close();
        }
        router.close();
    }
}
