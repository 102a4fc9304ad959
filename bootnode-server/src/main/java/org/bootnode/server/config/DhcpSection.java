package org.bootnode.server.config;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bootnode.dhcp.DhcpOptions;
import org.bootnode.dhcp.lease.AddressRange;
import org.bootnode.dhcp.lease.JournalDamage;
import org.bootnode.dhcp.lease.Subnet;
import org.bootnode.dhcp.lease.UnknownClients;

/**
 * The {@code dhcp} section. Without it, no DHCP server runs (a site that keeps its own).
 *
 * @param port the server port, 67 by default
 * @param subnet the subnet of the single-subnet keys (null in proxy mode or when only {@code subnets} are set)
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
 * @param subnets the named subnets of {@code dhcp.subnets}, after {@code subnet}'s
 * @param options the options of every subnet ({@code dhcp.options}), below each subnet's own
 */
public record DhcpSection(int port, Subnet subnet, Inet4Address router, List<Inet4Address> dnsServers,
        String domain, Duration leaseTime, UnknownClients unknownClients, AddressRange pool, boolean proxy,
        Duration declineProbation, int maxDeclined, JournalDamage journalDamage, List<SubnetSpec> subnets,
        DhcpOptions options) {
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
    /** The name {@link #allSubnets()} gives the subnet of the single-subnet keys. */
    public static final String MAIN_SUBNET = "dhcp";

    /** A section with the defaults for declines and journal damage. */
    public DhcpSection(int port, Subnet subnet, Inet4Address router, List<Inet4Address> dnsServers,
            String domain, Duration leaseTime, UnknownClients unknownClients, AddressRange pool, boolean proxy) {
        this(port, subnet, router, dnsServers, domain, leaseTime, unknownClients, pool, proxy,
                DEFAULT_DECLINE_PROBATION, DEFAULT_MAX_DECLINED, JournalDamage.KEEP_ASIDE);
    }

    /** A single-subnet section (no {@code subnets}, no {@code options}). */
    public DhcpSection(int port, Subnet subnet, Inet4Address router, List<Inet4Address> dnsServers,
            String domain, Duration leaseTime, UnknownClients unknownClients, AddressRange pool, boolean proxy,
            Duration declineProbation, int maxDeclined, JournalDamage journalDamage) {
        this(port, subnet, router, dnsServers, domain, leaseTime, unknownClients, pool, proxy, declineProbation, maxDeclined,
                journalDamage, List.of(), DhcpOptions.empty());
    }

    /** Every subnet served: the single-subnet keys' (named {@code dhcp}) first, then {@code subnets}. */
    public List<SubnetSpec> allSubnets() {
        if (subnet == null) {
            return subnets;
        }
        List<SubnetSpec> all = new ArrayList<>(subnets.size() + 1);
        all.add(new SubnetSpec(MAIN_SUBNET, subnet, router, dnsServers, domain, leaseTime, pool, DhcpOptions.empty()));
        all.addAll(subnets);
        return all;
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
        subnets = List.copyOf(subnets);
        Objects.requireNonNull(options, "options");
        if (subnet == null && subnets.isEmpty() && !proxy) {
            throw new IllegalArgumentException("dhcp.subnet: missing (required unless subnets are set or proxy is true)");
        }
        if (unknownClients == UnknownClients.POOL && pool == null && subnets.stream().allMatch(s -> s.pool() == null)) {
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
