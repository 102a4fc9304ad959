package org.bootnode.server.config;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.bootnode.dhcp.lease.AddressRange;
import org.bootnode.dhcp.lease.Subnet;
import org.bootnode.dhcp.lease.UnknownClients;

/**
 * The {@code dhcp} section. Without it, no DHCP server runs (a site that keeps its own).
 *
 * @param port the server port, 67 by default
 * @param subnet the served subnet (null only in proxy mode)
 * @param router the default gateway handed out, or null for none
 * @param dnsServers the DNS servers handed out
 * @param domain the domain name handed out, or null
 * @param leaseTime the lease time, 12 hours by default
 * @param unknownClients what a MAC that no node names gets
 * @param pool the addresses for unknown clients, or null for none
 * @param proxy proxyDHCP: PXE answers only, addresses come from another server
 */
public record DhcpSection(int port, Subnet subnet, Inet4Address router, List<Inet4Address> dnsServers,
        String domain, Duration leaseTime, UnknownClients unknownClients, AddressRange pool, boolean proxy) {
    /** The default port. */
    public static final int DEFAULT_PORT = 67;
    /** The default lease time. */
    public static final Duration DEFAULT_LEASE_TIME = Duration.ofHours(12);

    /**
     * The longest lease time: 2^32 - 2 seconds (about 136 years). Option 51 carries seconds in 32
     * bits, and 2^32 - 1 means "infinite" (RFC 2132 §9.2), which bootnode never hands out.
     */
    public static final Duration MAX_LEASE_TIME = Duration.ofSeconds(0xfffffffeL);

    /** Checks the parts and copies the list. */
    public DhcpSection {
        BootConfig.checkPort("dhcp.port", port);
        dnsServers = List.copyOf(dnsServers);
        Objects.requireNonNull(leaseTime, "leaseTime");
        if (leaseTime.isNegative() || leaseTime.isZero() || leaseTime.compareTo(MAX_LEASE_TIME) > 0) {
            throw new IllegalArgumentException("dhcp.lease-time: " + leaseTime.getSeconds() + " s (expected: 1.."
                    + MAX_LEASE_TIME.getSeconds() + ")");
        }
        Objects.requireNonNull(unknownClients, "unknownClients");
        if (subnet == null && !proxy) {
            throw new IllegalArgumentException("dhcp.subnet: missing (required unless proxy is true)");
        }
        if (unknownClients == UnknownClients.POOL && pool == null) {
            throw new IllegalArgumentException("dhcp.unknown-clients: pool needs a dhcp.pool");
        }
    }
}
