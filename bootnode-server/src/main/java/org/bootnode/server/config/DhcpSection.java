package org.bootnode.server.config;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.bootnode.dhcp.lease.AddressRange;
import org.bootnode.dhcp.lease.JournalDamage;
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
 * @param declineProbation how long an address a client DECLINEd is set aside, 10 minutes by default
 * @param maxDeclined how many addresses may be set aside at once, 64 by default
 * @param journalDamage what a start does with a lease journal damaged in the middle
 */
public record DhcpSection(int port, Subnet subnet, Inet4Address router, List<Inet4Address> dnsServers,
        String domain, Duration leaseTime, UnknownClients unknownClients, AddressRange pool, boolean proxy,
        Duration declineProbation, int maxDeclined, JournalDamage journalDamage) {
    /** The default port. */
    public static final int DEFAULT_PORT = 67;
    /** The default lease time. */
    public static final Duration DEFAULT_LEASE_TIME = Duration.ofHours(12);

    /**
     * The longest lease time: 2^32 - 2 seconds (about 136 years). Option 51 carries seconds in 32
     * bits, and 2^32 - 1 means "infinite" (RFC 2132 §9.2), which bootnode never hands out.
     */
    public static final Duration MAX_LEASE_TIME = Duration.ofSeconds(0xfffffffeL);
    /** The default decline probation (bootnode-dhcp's default). */
    public static final Duration DEFAULT_DECLINE_PROBATION = Duration.ofMinutes(10);
    /** The longest decline probation. */
    public static final Duration MAX_DECLINE_PROBATION = Duration.ofDays(1);
    /** The default number of addresses set aside at once (bootnode-dhcp's default). */
    public static final int DEFAULT_MAX_DECLINED = 64;

    /** A section with the defaults for declines and journal damage. */
    public DhcpSection(int port, Subnet subnet, Inet4Address router, List<Inet4Address> dnsServers,
            String domain, Duration leaseTime, UnknownClients unknownClients, AddressRange pool, boolean proxy) {
        this(port, subnet, router, dnsServers, domain, leaseTime, unknownClients, pool, proxy,
                DEFAULT_DECLINE_PROBATION, DEFAULT_MAX_DECLINED, JournalDamage.KEEP_ASIDE);
    }

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
        Objects.requireNonNull(declineProbation, "declineProbation");
        if (declineProbation.isNegative() || declineProbation.isZero() || declineProbation.compareTo(MAX_DECLINE_PROBATION) > 0) {
            throw new IllegalArgumentException("dhcp.decline-probation: " + declineProbation.getSeconds() + " s (expected: 1.."
                    + MAX_DECLINE_PROBATION.getSeconds() + ")");
        }
        if (maxDeclined < 1 || maxDeclined > 65536) {
            throw new IllegalArgumentException("dhcp.max-declined: " + maxDeclined + " (expected: 1..65536)");
        }
        Objects.requireNonNull(journalDamage, "journalDamage");
    }
}
