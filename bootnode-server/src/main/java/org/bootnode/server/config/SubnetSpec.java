package org.bootnode.server.config;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.bootnode.dhcp.DhcpOptions;
import org.bootnode.dhcp.lease.AddressRange;
import org.bootnode.dhcp.lease.Subnet;

/**
 * One entry of {@code dhcp.subnets}: a rack's subnet, directly attached or behind a DHCP relay
 * (bootnode-dhcp chooses it by the receiving link, giaddr or the relay's link selection).
 *
 * @param name the subnet's name, for logs, errors and {@code config show}
 * @param subnet the network
 * @param router the default gateway handed out, or null for none
 * @param dnsServers the DNS servers handed out
 * @param domain the domain name handed out, or null
 * @param leaseTime the lease time
 * @param pool the addresses for unknown clients on this subnet, or null for none
 * @param options the options every client of this subnet gets, over {@code dhcp.options}
 */
public record SubnetSpec(String name, Subnet subnet, Inet4Address router, List<Inet4Address> dnsServers, String domain,
        Duration leaseTime, AddressRange pool, DhcpOptions options) {
    /** Checks the parts and copies the list. */
    public SubnetSpec {
        BootConfig.checkName("subnet", name);
        Objects.requireNonNull(subnet, "subnet");
        dnsServers = List.copyOf(dnsServers);
        Objects.requireNonNull(leaseTime, "leaseTime");
        Objects.requireNonNull(options, "options");
        if (router != null && !subnet.contains(router)) {
            throw new IllegalArgumentException("router of subnet " + name + ": " + router.getHostAddress()
                    + " (expected: inside " + subnet + ")");
        }
        if (pool != null && !(subnet.contains(pool.first()) && subnet.contains(pool.last()))) {
            throw new IllegalArgumentException("pool of subnet " + name + ": " + pool + " (expected: inside " + subnet + ")");
        }
    }
}
