package org.bootnode.dhcp.server;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bootnode.dhcp.DhcpOptions;
import org.bootnode.dhcp.lease.AddressRange;
import org.bootnode.dhcp.lease.Subnet;

/**
 * One subnet the server hands addresses out on, and what its clients are told: routers, DNS,
 * domain, lease time, a pool, and any other options. Immutable; build with {@link #builder(Subnet)}.
 *
 * <p>The server picks a request's subnet by its link (RFC 3527's link selection, else giaddr,
 * else the receiving interface's address: see {@link DhcpServerConfig#subnetFor}).
 * {@link #options()} are sent on top of the routers, DNS and domain (later wins: the server's
 * options, then the subnet's, then the client's own from its reservation).
 */
public final class DhcpSubnet {
    private final String name;
    private final Subnet subnet;
    private final List<Inet4Address> routers;
    private final List<Inet4Address> dnsServers;
    private final String domain;
    private final Duration leaseTime;
    private final AddressRange pool;
    private final DhcpOptions options;

    private DhcpSubnet(Builder b) {
        subnet = b.subnet;
        name = b.name != null ? b.name : subnet.toString();
        routers = b.routers;
        dnsServers = b.dnsServers;
        domain = b.domain;
        leaseTime = b.leaseTime;
        pool = b.pool;
        options = b.options.build();
    }

    /** A subnet with no routers, DNS, domain, pool or options, leases of 12 hours. */
    public static Builder builder(Subnet subnet) {
        return new Builder(subnet);
    }

    /** What logs and errors call it (a rack's name); default the subnet, e.g. {@code 10.1.0.0/24}. */
    public String name() { return name; }
    public Subnet subnet() { return subnet; }
    /** Option 3; may be empty. */
    public List<Inet4Address> routers() { return routers; }
    /** Option 6; may be empty. */
    public List<Inet4Address> dnsServers() { return dnsServers; }
    /** Option 15. */
    public Optional<String> domain() { return Optional.ofNullable(domain); }
    /** Lease time; default 12 hours. */
    public Duration leaseTime() { return leaseTime; }
    /** The dynamic pool for unknown clients on this subnet, inside it. */
    public Optional<AddressRange> pool() { return Optional.ofNullable(pool); }
    /** Any other options for this subnet's clients (MTU, NTP, domain search, routes...). */
    public DhcpOptions options() { return options; }

    @Override
    public String toString() {
        return name.equals(subnet.toString()) ? name : name + " (" + subnet + ")";
    }

    /** Builds a {@link DhcpSubnet}. */
    public static final class Builder {
        private final Subnet subnet;
        private String name;
        private List<Inet4Address> routers = List.of();
        private List<Inet4Address> dnsServers = List.of();
        private String domain;
        private Duration leaseTime = Duration.ofHours(12);
        private AddressRange pool;
        private final DhcpOptions.Builder options = DhcpOptions.builder();

        private Builder(Subnet subnet) {
            this.subnet = Objects.requireNonNull(subnet, "subnet");
        }

        public Builder name(String n) {
            if (n != null && (n.isBlank() || n.length() > 64)) {
                throw new IllegalArgumentException("subnet name: " + n + " (expected: 1..64 characters)");
            }
            name = n;
            return this;
        }
        public Builder routers(List<Inet4Address> a) { routers = List.copyOf(a); return this; }
        public Builder router(Inet4Address a) { routers = List.of(a); return this; }
        public Builder dnsServers(List<Inet4Address> a) { dnsServers = List.copyOf(a); return this; }
        public Builder domain(String d) { domain = d == null || d.isEmpty() ? null : d; return this; }
        public Builder leaseTime(Duration d) {
            if (d.isNegative() || d.isZero() || d.getSeconds() >= 0xffffffffL) {
                throw new IllegalArgumentException("leaseTime: " + d + " (expected: more than 0, less than 2^32 s)");
            }
            leaseTime = d;
            return this;
        }
        /** The pool; it must lie inside the subnet. */
        public Builder pool(AddressRange r) { pool = r; return this; }
        /** Adds options (later puts of a code replace earlier ones). */
        public Builder options(DhcpOptions o) { options.putAll(o); return this; }

        public DhcpSubnet build() {
            if (pool != null && (!subnet.contains(pool.first()) || !subnet.contains(pool.last()))) {
                throw new IllegalArgumentException("pool: " + pool + " (expected: inside " + subnet
                        + (name != null ? ", subnet " + name : "") + ")");
            }
            return new DhcpSubnet(this);
        }
    }
}
