package org.bootnode.dhcp.server;

import java.net.Inet4Address;
import java.util.concurrent.ThreadLocalRandom;
import org.bootnode.dhcp.internal.Inet4;
import org.bootnode.dhcp.lease.Subnet;
import org.bootnode.testkit.Netns;

/**
 * A client namespace joined to the test's own namespace by a veth pair, on a random /24 of
 * 10.128.0.0/9 so that tests running at the same time do not share a subnet. The server side
 * (host end) holds {@code .1}.
 */
final class TestNet implements AutoCloseable {
    final Netns client;
    final Netns.Link link;
    final Subnet subnet;
    final Inet4Address server;

    private TestNet(Netns client, Netns.Link link, Subnet subnet) {
        this.client = client;
        this.link = link;
        this.subnet = subnet;
        this.server = at(1);
    }

    static TestNet create(String prefix) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String base = "10." + (128 + r.nextInt(127)) + "." + r.nextInt(256) + ".";
        Netns ns = Netns.create(prefix);
        try {
            Netns.Link link = ns.vethToHost(base + "1/24", null);
            return new TestNet(ns, link, Subnet.parse(base + "0/24"));
        } catch (RuntimeException | AssertionError e) {
            ns.close();
            throw e;
        }
    }

    Inet4Address at(int host) {
        return Inet4.of(Inet4.toInt(subnet.network()) + host);
    }

    String ip(int host) {
        return at(host).getHostAddress();
    }

    /** Sets the MAC of the client's end of the veth. */
    void clientMac(String mac) {
        client.ip("link", "set", link.inside(), "address", mac);
    }

    @Override
    public void close() {
        client.close();
    }
}
