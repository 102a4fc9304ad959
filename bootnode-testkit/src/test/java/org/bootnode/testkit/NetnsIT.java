package org.bootnode.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NetnsIT {
    @Test
    void namespacesReachEachOtherOverVethAndVanishWhenClosed() {
        String name;
        try (Netns a = Netns.create("tka"); Netns b = Netns.create("tkb")) {
            name = a.name();
            Netns.Link link = b.vethFrom(a, "192.168.231.1/30", "192.168.231.2/30");
            Exec.Result ping = b.run("ping", "-c", "1", "-W", "5", "192.168.231.1");
            assertEquals(0, ping.exitCode(), ping::describe);
            assertTrue(a.ok("ip", "-o", "link").out().contains(link.outside()));
        }
        String left = Exec.ok(Duration.ofSeconds(10), "ip", "netns", "list").out();
        assertFalse(left.contains(name), left);
    }

    @Test
    void hostVethCarriesTrafficToTheNamespace() {
        try (Netns ns = Netns.create("tkh")) {
            ns.vethToHost("192.168.232.1/30", "192.168.232.2/30");
            Exec.Result ping = ns.run("ping", "-c", "1", "-W", "5", "192.168.232.1");
            assertEquals(0, ping.exitCode(), ping::describe);
        }
    }
}
