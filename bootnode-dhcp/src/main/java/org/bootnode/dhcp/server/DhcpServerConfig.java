package org.bootnode.dhcp.server;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bootnode.dhcp.lease.AddressRange;
import org.bootnode.dhcp.lease.JournalDamage;
import org.bootnode.dhcp.lease.Subnet;
import org.bootnode.dhcp.lease.UnknownClients;

/**
 * The DHCP server's settings and limits, immutable. Build with {@link #builder()}; only the server
 * address and the subnet are required.
 */
public final class DhcpServerConfig {
    private final Inet4Address serverAddress;
    private final String interfaceName;
    private final int port;
    private final int clientPort;
    private final int proxyPort;
    private final Subnet subnet;
    private final List<Inet4Address> routers;
    private final List<Inet4Address> dnsServers;
    private final List<Inet4Address> ntpServers;
    private final String domain;
    private final Duration leaseTime;
    private final AddressRange pool;
    private final UnknownClients unknownClients;
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
        subnet = b.subnet;
        routers = List.copyOf(b.routers);
        dnsServers = List.copyOf(b.dnsServers);
        ntpServers = List.copyOf(b.ntpServers);
        domain = b.domain;
        leaseTime = b.leaseTime;
        pool = b.pool;
        unknownClients = b.unknownClients;
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
    public Subnet subnet() { return subnet; }
    public List<Inet4Address> routers() { return routers; }
    public List<Inet4Address> dnsServers() { return dnsServers; }
    public List<Inet4Address> ntpServers() { return ntpServers; }
    public Optional<String> domain() { return Optional.ofNullable(domain); }
    /** Lease time; default 12 hours. */
    public Duration leaseTime() { return leaseTime; }
    public Optional<AddressRange> pool() { return Optional.ofNullable(pool); }
    /** Default {@link UnknownClients#IGNORE}. */
    public UnknownClients unknownClients() { return unknownClients; }
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
        private List<Inet4Address> routers = List.of();
        private List<Inet4Address> dnsServers = List.of();
        private List<Inet4Address> ntpServers = List.of();
        private String domain;
        private Duration leaseTime = Duration.ofHours(12);
        private AddressRange pool;
        private UnknownClients unknownClients = UnknownClients.IGNORE;
        private boolean proxy;
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
        public Builder subnet(Subnet s) { subnet = Objects.requireNonNull(s); return this; }
        public Builder routers(List<Inet4Address> a) { routers = List.copyOf(a); return this; }
        public Builder router(Inet4Address a) { routers = List.of(a); return this; }
        public Builder dnsServers(List<Inet4Address> a) { dnsServers = List.copyOf(a); return this; }
        public Builder ntpServers(List<Inet4Address> a) { ntpServers = List.copyOf(a); return this; }
        public Builder domain(String d) { domain = d == null || d.isEmpty() ? null : d; return this; }
        public Builder leaseTime(Duration d) { leaseTime = positive("leaseTime", d, Duration.ofSeconds(0xfffffffeL)); return this; }
        public Builder pool(AddressRange r) { pool = r; return this; }
        public Builder unknownClients(UnknownClients u) { unknownClients = Objects.requireNonNull(u); return this; }
        public Builder proxy(boolean p) { proxy = p; return this; }
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
            if (subnet == null) {
                throw new IllegalArgumentException("subnet: missing (expected: e.g. 10.0.0.0/24)");
            }
            if (!proxy && !subnet.contains(serverAddress)) {
                throw new IllegalArgumentException("serverAddress: " + serverAddress.getHostAddress() + " (expected: inside " + subnet + ")");
            }
            if (pool != null && (!subnet.contains(pool.first()) || !subnet.contains(pool.last()))) {
                throw new IllegalArgumentException("pool: " + pool + " (expected: inside " + subnet + ")");
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
