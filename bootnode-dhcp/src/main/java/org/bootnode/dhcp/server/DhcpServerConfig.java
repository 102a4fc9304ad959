package org.bootnode.dhcp.server;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bootnode.dhcp.DhcpOptions;
import org.bootnode.dhcp.OptionKey;
import org.bootnode.dhcp.internal.Inet4;
import org.bootnode.dhcp.lease.AddressRange;
import org.bootnode.dhcp.lease.JournalDamage;
import org.bootnode.dhcp.lease.Subnet;
import org.bootnode.dhcp.lease.UnknownClients;

/**
 * The DHCP server's settings and limits, immutable. Build with {@link #builder()}; only the server
 * address and a subnet are required. One subnet is set with {@link Builder#subnet} and the
 * builder's router, DNS, pool... methods; racks behind relays add {@link DhcpSubnet}s with
 * {@link Builder#subnets}. Subnets may not overlap, and (but in proxy mode) one of them holds the
 * server's address: the link of the requests the server receives directly.
 */
public final class DhcpServerConfig {
    private final Inet4Address serverAddress;
    private final String interfaceName;
    private final int port;
    private final int clientPort;
    private final int proxyPort;
    private final List<DhcpSubnet> subnets;
    private final int[] networks;
    private final int[] masks;
    private final DhcpOptions options;
    private final Set<Integer> alwaysSend;
    private final UnknownClients unknownClients;
    private final long poolStart;
    private final boolean proxy;
    private final Duration offerHold;
    private final Duration declineProbation;
    private final int maxDeclined;
    private final JournalDamage journalDamage;
    private final int maxOffers;
    private final int maxPendingAcks;
    private final int receiveBufferBytes;

    private DhcpServerConfig(Builder b) {
        serverAddress = b.serverAddress;
        interfaceName = b.interfaceName;
        port = b.port;
        clientPort = b.clientPort > 0 ? b.clientPort : b.port + 1;
        proxyPort = b.proxyPort;
        subnets = List.copyOf(b.allSubnets);
        networks = new int[subnets.size()];
        masks = new int[subnets.size()];
        for (int i = 0; i < subnets.size(); i++) {
            networks[i] = Inet4.toInt(subnets.get(i).subnet().network());
            masks[i] = Inet4.toInt(subnets.get(i).subnet().mask());
        }
        options = b.options;
        alwaysSend = Set.copyOf(b.alwaysSend);
        unknownClients = b.unknownClients;
        poolStart = b.poolStart;
        proxy = b.proxy;
        offerHold = b.offerHold;
        declineProbation = b.declineProbation;
        maxDeclined = b.maxDeclined;
        journalDamage = b.journalDamage;
        maxOffers = b.maxOffers;
        maxPendingAcks = b.maxPendingAcks;
        receiveBufferBytes = b.receiveBufferBytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The server identifier (option 54) and the address replies come from. */
    public Inet4Address serverAddress() { return serverAddress; }
    /** The interface to serve on; empty means the interface that holds {@link #serverAddress()}. */
    public Optional<String> interfaceName() { return Optional.ofNullable(interfaceName); }
    /** The server port; default 67. Replies leave from it (iPXE accepts only port 67). */
    public int port() { return port; }
    /** The client port; default {@code port + 1}. */
    public int clientPort() { return clientPort; }
    /** The PXE boot server port answered in proxy mode; default 4011. */
    public int proxyPort() { return proxyPort; }
    /** The served subnets, at least one, none overlapping another, in the order given. */
    public List<DhcpSubnet> subnets() { return subnets; }

    /**
     * The subnet of a link: the one that holds {@code link} (option 82.5, else giaddr, else the
     * server's own address for a request received directly).
     */
    public Optional<DhcpSubnet> subnetFor(Inet4Address link) {
        int a = Inet4.toInt(link);
        for (int i = 0; i < networks.length; i++) {
            if ((a & masks[i]) == networks[i]) {
                return Optional.of(subnets.get(i));
            }
        }
        return Optional.empty();
    }

    /** Options for every subnet's clients, below each subnet's own; default none. */
    public DhcpOptions options() { return options; }
    /**
     * Configured options sent even to a client that did not ask for them in option 55 (Kea's
     * always-send); default none. The subnet's mask, broadcast address, routers, DNS servers,
     * domain, NTP servers and the host name are always sent, as they always were.
     */
    public Set<Integer> alwaysSend() { return alwaysSend; }
    /** The first subnet. */
    public Subnet subnet() { return subnets.get(0).subnet(); }
    /** The first subnet's routers. */
    public List<Inet4Address> routers() { return subnets.get(0).routers(); }
    /** The first subnet's DNS servers. */
    public List<Inet4Address> dnsServers() { return subnets.get(0).dnsServers(); }
    /** The first subnet's NTP servers (option 42). */
    public List<Inet4Address> ntpServers() { return subnets.get(0).options().get(OptionKey.NTP_SERVERS).orElse(List.of()); }
    /** The first subnet's domain. */
    public Optional<String> domain() { return subnets.get(0).domain(); }
    /** The first subnet's lease time; default 12 hours. */
    public Duration leaseTime() { return subnets.get(0).leaseTime(); }
    /** The first subnet's pool. */
    public Optional<AddressRange> pool() { return subnets.get(0).pool(); }
    /** Every subnet's pool. */
    public List<AddressRange> pools() {
        return subnets.stream().flatMap(s -> s.pool().stream()).toList();
    }
    /** Default {@link UnknownClients#IGNORE}. */
    public UnknownClients unknownClients() { return unknownClients; }
    /**
     * Where in each pool the search for a free address starts (taken modulo the pool's size);
     * default 0, the first address. Servers sharing one lease database give each a start of its
     * own, so that two of them do not offer the same free address to two clients at once.
     */
    public long poolStart() { return poolStart; }
    /** proxyDHCP mode: boot information only, no addresses. Default false. */
    public boolean proxy() { return proxy; }
    /** How long an offered address is held for the client; default 60 s. */
    public Duration offerHold() { return offerHold; }
    /**
     * How long a declined address is set aside (its probation, Kea's decline-probation-period);
     * default 10 minutes. Kea's 24 hours suits an office network; on a boot network a conflict is
     * usually a machine configured by hand, which an admin fixes within minutes, and a pool
     * should not stay short for a day.
     */
    public Duration declineProbation() { return declineProbation; }
    /**
     * Most addresses on probation at once; default 64. Past that, the address nearest the end of
     * its probation comes back first.
     */
    public int maxDeclined() { return maxDeclined; }
    /** What the default lease journal does with damaged records when it opens; default {@link JournalDamage#KEEP_ASIDE}. */
    public JournalDamage journalDamage() { return journalDamage; }
    /** Most outstanding offers held at once; default 65536. The oldest goes first. */
    public int maxOffers() { return maxOffers; }
    /** Most ACKs waiting for their lease to be durable; default 65536. More are dropped (the client retries). */
    public int maxPendingAcks() { return maxPendingAcks; }
    /**
     * The socket receive buffer (SO_RCVBUF); default 4 MiB, so that a burst or a pause of the
     * process does not drop requests. The kernel caps it at net.core.rmem_max.
     */
    public int receiveBufferBytes() { return receiveBufferBytes; }

    /** Builds a {@link DhcpServerConfig}. */
    public static final class Builder {
        private Inet4Address serverAddress;
        private String interfaceName;
        private int port = 67;
        private int clientPort;
        private int proxyPort = 4011;
        private Subnet subnet;
        private final List<DhcpSubnet> subnets = new ArrayList<>();
        private List<DhcpSubnet> allSubnets;
        private DhcpOptions options = DhcpOptions.empty();
        private Set<Integer> alwaysSend = Set.of();
        private List<Inet4Address> routers = List.of();
        private List<Inet4Address> dnsServers = List.of();
        private List<Inet4Address> ntpServers = List.of();
        private String domain;
        private Duration leaseTime = Duration.ofHours(12);
        private AddressRange pool;
        private UnknownClients unknownClients = UnknownClients.IGNORE;
        private boolean proxy;
        private long poolStart;
        private Duration offerHold = Duration.ofSeconds(60);
        private Duration declineProbation = Duration.ofMinutes(10);
        private int maxDeclined = 64;
        private JournalDamage journalDamage = JournalDamage.KEEP_ASIDE;
        private int maxOffers = 65536;
        private int maxPendingAcks = 65536;
        private int receiveBufferBytes = 4 << 20;

        private Builder() {
        }

        public Builder serverAddress(Inet4Address a) { serverAddress = Objects.requireNonNull(a); return this; }
        public Builder interfaceName(String name) {
            if (name != null && (name.isEmpty() || name.length() > 15)) {
                throw new IllegalArgumentException("interface: " + name + " (expected: 1..15 characters)");
            }
            interfaceName = name;
            return this;
        }
        public Builder port(int p) { port = checkPort("port", p); return this; }
        public Builder clientPort(int p) { clientPort = checkPort("clientPort", p); return this; }
        public Builder proxyPort(int p) { proxyPort = checkPort("proxyPort", p); return this; }
        /**
         * One subnet, with the routers, DNS and NTP servers, domain, lease time and pool set by
         * this builder's own methods; it comes first, before those of {@link #subnets}.
         */
        public Builder subnet(Subnet s) { subnet = Objects.requireNonNull(s); return this; }
        /** More subnets (racks behind relays); each has its own routers, DNS, pool and options. */
        public Builder subnets(List<DhcpSubnet> s) { subnets.clear(); subnets.addAll(s); return this; }
        /** Options for every subnet's clients; a subnet's own options and a client's win over them. */
        public Builder options(DhcpOptions o) { options = Objects.requireNonNull(o); return this; }
        /** Configured option codes sent even when the client did not ask for them. */
        public Builder alwaysSend(Set<Integer> codes) {
            for (int code : codes) {
                if (code < 1 || code > 254) {
                    throw new IllegalArgumentException("alwaysSend: option " + code + " (expected: a code 1..254)");
                }
            }
            alwaysSend = Set.copyOf(codes);
            return this;
        }
        public Builder routers(List<Inet4Address> a) { routers = List.copyOf(a); return this; }
        public Builder router(Inet4Address a) { routers = List.of(a); return this; }
        public Builder dnsServers(List<Inet4Address> a) { dnsServers = List.copyOf(a); return this; }
        public Builder ntpServers(List<Inet4Address> a) { ntpServers = List.copyOf(a); return this; }
        public Builder domain(String d) { domain = d == null || d.isEmpty() ? null : d; return this; }
        public Builder leaseTime(Duration d) { leaseTime = positive("leaseTime", d, Duration.ofSeconds(0xfffffffeL)); return this; }
        public Builder pool(AddressRange r) { pool = r; return this; }
        public Builder unknownClients(UnknownClients u) { unknownClients = Objects.requireNonNull(u); return this; }
        public Builder proxy(boolean p) { proxy = p; return this; }
        public Builder poolStart(long start) { poolStart = start; return this; }
        public Builder offerHold(Duration d) { offerHold = positive("offerHold", d, Duration.ofHours(1)); return this; }
        public Builder declineProbation(Duration d) { declineProbation = positive("declineProbation", d, Duration.ofDays(1)); return this; }
        public Builder maxDeclined(int n) { maxDeclined = count("maxDeclined", n); return this; }
        public Builder journalDamage(JournalDamage j) { journalDamage = Objects.requireNonNull(j); return this; }
        public Builder maxOffers(int n) { maxOffers = count("maxOffers", n); return this; }
        public Builder maxPendingAcks(int n) { maxPendingAcks = count("maxPendingAcks", n); return this; }
        public Builder receiveBufferBytes(int n) { receiveBufferBytes = count("receiveBufferBytes", n); return this; }

        public DhcpServerConfig build() {
            if (serverAddress == null) {
                throw new IllegalArgumentException("serverAddress: missing (expected: the head node's address)");
            }
            if (subnet == null && (!routers.isEmpty() || !dnsServers.isEmpty() || !ntpServers.isEmpty() || domain != null
                    || pool != null)) {
                throw new IllegalArgumentException("subnet: missing for the router, DNS, NTP, domain or pool set on the builder"
                        + " (expected: subnet(...), or these on a DhcpSubnet)");
            }
            allSubnets = new ArrayList<>();
            if (subnet != null) {
                DhcpOptions.Builder ntp = DhcpOptions.builder();
                if (!ntpServers.isEmpty()) {
                    ntp.put(OptionKey.NTP_SERVERS, ntpServers);
                }
                allSubnets.add(DhcpSubnet.builder(subnet).routers(routers).dnsServers(dnsServers).domain(domain)
                        .leaseTime(leaseTime).pool(pool).options(ntp.build()).build());
            }
            allSubnets.addAll(subnets);
            if (allSubnets.isEmpty()) {
                throw new IllegalArgumentException("subnet: missing (expected: e.g. 10.0.0.0/24)");
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < allSubnets.size(); i++) {
                DhcpSubnet a = allSubnets.get(i);
                if (!names.add(a.name())) {
                    throw new IllegalArgumentException("subnet " + a.name() + ": named twice (expected: one name per subnet)");
                }
                for (int j = 0; j < i; j++) {
                    DhcpSubnet b = allSubnets.get(j);
                    if (a.subnet().contains(b.subnet().network()) || b.subnet().contains(a.subnet().network())) {
                        throw new IllegalArgumentException("subnet " + a + ": overlaps " + b
                                + " (expected: subnets that share no address)");
                    }
                }
            }
            if (!proxy && allSubnets.stream().noneMatch(s -> s.subnet().contains(serverAddress))) {
                throw new IllegalArgumentException("serverAddress: " + serverAddress.getHostAddress() + " (expected: inside "
                        + (allSubnets.size() == 1 ? allSubnets.get(0).subnet() : "one of the subnets") + ")");
            }
            return new DhcpServerConfig(this);
        }

        private static int checkPort(String what, int p) {
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException(what + ": " + p + " (expected: 1..65535)");
            }
            return p;
        }

        private static int count(String what, int n) {
            if (n < 1 || n > 1 << 24) {
                throw new IllegalArgumentException(what + ": " + n + " (expected: 1.." + (1 << 24) + ")");
            }
            return n;
        }

        private static Duration positive(String what, Duration d, Duration max) {
            if (d.isNegative() || d.isZero() || d.compareTo(max) > 0) {
                throw new IllegalArgumentException(what + ": " + d + " (expected: more than 0, at most " + max + ")");
            }
            return d;
        }
    }
}
