package org.bootnode.dhcp.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.bootnode.dhcp.ClientPackets;
import org.bootnode.dhcp.DhcpMessage;
import org.bootnode.dhcp.DhcpMessageType;
import org.bootnode.dhcp.DhcpOptions;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.OptionKey;
import org.bootnode.dhcp.OptionValue;
import org.bootnode.dhcp.SubOptions;
import org.bootnode.dhcp.internal.Inet4;
import org.bootnode.dhcp.lease.AddressRange;
import org.bootnode.dhcp.lease.InMemoryLeaseStore;
import org.bootnode.dhcp.lease.Reservation;
import org.bootnode.dhcp.lease.Subnet;
import org.bootnode.dhcp.lease.UnknownClients;
import org.bootnode.dhcp.pxe.BootPolicy;
import org.bootnode.dhcp.server.DhcpServer;
import org.bootnode.dhcp.server.DhcpServerConfig;
import org.bootnode.dhcp.server.DhcpSubnet;
import org.bootnode.dhcp.server.IgnoreReason;
import org.junit.jupiter.api.Test;

/** Several subnets: racks behind relays, chosen by link selection, giaddr or the receiving interface. */
class SubnetsTest {
    static final Inet4Address SERVER = ip("10.0.0.1");
    static final MacAddress NODE = MacAddress.parse("fc:ab:14:e8:66:01"); // the udhcpc packet's MAC
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final InetSocketAddress FROM_CLIENT = new InetSocketAddress(ip("0.0.0.0"), 68);

    static Inet4Address ip(String s) {
        return Inet4.parse(s);
    }

    static DhcpSubnet rack(int n, DhcpOptions options) {
        return DhcpSubnet.builder(Subnet.parse("10." + n + ".0.0/24")).name("rack" + n).router(ip("10." + n + ".0.1"))
                .dnsServers(List.of(SERVER)).domain("rack" + n + ".cluster").leaseTime(Duration.ofMinutes(n * 10L))
                .pool(AddressRange.parse("10." + n + ".0.100-10." + n + ".0.199")).options(options).build();
    }

    static DhcpServerConfig.Builder config() {
        return DhcpServerConfig.builder().serverAddress(SERVER).subnet(Subnet.parse("10.0.0.0/24")).router(SERVER)
                .ntpServers(List.of(SERVER))
                .subnets(List.of(
                        rack(1, DhcpOptions.builder().put(OptionValue.parse("mtu", "9000")).build()),
                        rack(2, DhcpOptions.builder().put(OptionValue.parse("mtu", "1500"))
                                .put(OptionValue.parse("ntp-servers", "10.2.0.1")).build())))
                .unknownClients(UnknownClients.POOL);
    }

    static DhcpProcessor processor(DhcpServerConfig c, List<Reservation> reservations) {
        DhcpServer server = DhcpServer.builder(c).reservations(reservations).build(); // the server's default policy
        return new DhcpProcessor(c, server::addressPolicy, BootPolicy.NONE, new InMemoryLeaseStore());
    }

    static DhcpMessage discover() {
        DhcpMessage m = DhcpProcessorTest.decode(ClientPackets.UDHCPC_DISCOVER);
        // udhcpc's own list (1 3 6 12 15 28 42) and, as with -O mtu, 26
        return m.toBuilder().option(OptionKey.PARAMETER_REQUEST_LIST, List.of(1, 3, 6, 12, 15, 28, 42, 26)).build();
    }

    static DhcpMessage relayed(DhcpMessage m, String giaddr) {
        return m.toBuilder().giaddr(ip(giaddr)).hops(1).build();
    }

    static SubOptions linkSelection(String address) {
        return SubOptions.of(List.of(new SubOptions.Entry(5, ip(address).getAddress())), false);
    }

    @Test
    void relayedDiscoverGetsAnAddressOfItsRackWithThatRacksRouterLeaseAndOptions() {
        DhcpProcessor p = processor(config().build(), List.of());
        for (int rack = 1; rack <= 2; rack++) {
            DhcpMessage d = DhcpProcessorTest.withMac(discover(), "02:00:00:00:0" + rack + ":01");
            Outcome.Send s = (Outcome.Send) p.process(relayed(d, "10." + rack + ".0.1"),
                    new InetSocketAddress(ip("10.0.0.254"), 67), false, NOW);
            DhcpMessage offer = s.reply();
            assertEquals(ip("10." + rack + ".0.100"), offer.yiaddr());
            assertEquals(List.of(ip("10." + rack + ".0.1")), offer.option(OptionKey.ROUTER).orElseThrow());
            assertEquals(ip("255.255.255.0"), offer.option(OptionKey.SUBNET_MASK).orElseThrow());
            assertEquals(ip("10." + rack + ".0.255"), offer.option(OptionKey.BROADCAST_ADDRESS).orElseThrow());
            assertEquals("rack" + rack + ".cluster", offer.option(OptionKey.DOMAIN_NAME).orElseThrow());
            assertEquals(Duration.ofMinutes(rack * 10L), offer.option(OptionKey.LEASE_TIME).orElseThrow());
            assertEquals(rack == 1 ? 9000 : 1500, offer.option(OptionKey.MTU).orElseThrow());
            assertEquals(ip("10." + rack + ".0.1"), offer.giaddr());
            assertEquals("rack" + rack, s.detail().subnet(), "the event names the subnet");
        }
    }

    @Test
    void directRequestIsServedOnTheSubnetHoldingTheServerAddress() {
        DhcpProcessor p = processor(config().build(), List.of(new Reservation(NODE, ip("10.0.0.10"), "node-000")));
        DhcpMessage offer = ((Outcome.Send) p.process(discover(), FROM_CLIENT, false, NOW)).reply();
        assertEquals(ip("10.0.0.10"), offer.yiaddr());
        assertEquals(List.of(SERVER), offer.option(OptionKey.ROUTER).orElseThrow());
        assertEquals(Duration.ofHours(12), offer.option(OptionKey.LEASE_TIME).orElseThrow());
        assertFalse(offer.options().contains(OptionKey.MTU), "rack options stay in their racks");
    }

    @Test
    void directRequestWithoutAPoolOnTheServersSubnetIsUnknownNotServedFromARacksPool() {
        DhcpProcessor p = processor(config().build(), List.of());
        Outcome o = p.process(DhcpProcessorTest.withMac(discover(), "02:00:00:00:00:09"), FROM_CLIENT, false, NOW);
        assertEquals(IgnoreReason.UnknownClient.class, ((Outcome.Ignore) o).reason().getClass());
    }

    @Test
    void linkSelectionChoosesTheRackBeforeGiaddr() {
        DhcpProcessor p = processor(config().build(), List.of());
        DhcpMessage m = relayed(discover(), "10.1.0.1").toBuilder().option(OptionKey.RELAY_AGENT_INFO, linkSelection("10.2.0.0")).build();
        DhcpMessage offer = ((Outcome.Send) p.process(m, new InetSocketAddress(ip("10.1.0.1"), 67), false, NOW)).reply();
        assertEquals(ip("10.2.0.100"), offer.yiaddr());
        assertEquals(List.of(ip("10.2.0.1")), offer.option(OptionKey.ROUTER).orElseThrow());
    }

    @Test
    void linkSelectionFromAClientOnTheServersOwnLinkIsNotTrusted() {
        DhcpProcessor p = processor(config().build(), List.of(new Reservation(NODE, ip("10.0.0.10"), "node-000")));
        DhcpMessage m = discover().toBuilder().option(OptionKey.RELAY_AGENT_INFO, linkSelection("10.2.0.0")).build();
        assertEquals(ip("10.0.0.10"), ((Outcome.Send) p.process(m, FROM_CLIENT, false, NOW)).reply().yiaddr());
        Outcome o = p.process(DhcpProcessorTest.withMac(m, "02:00:00:00:00:09"), FROM_CLIENT, false, NOW);
        // Heard on the server's own link, not rack 2 (untrusted 82.5), and named so.
        assertEquals("10.0.0.0/24", ((IgnoreReason.UnknownClient) ((Outcome.Ignore) o).reason()).subnet(), "no rack 2 pool address");
    }

    @Test
    void relayedFromALinkNoSubnetCoversIsIgnoredNamingTheLink() {
        DhcpProcessor p = processor(config().build(), List.of());
        Outcome o = p.process(relayed(discover(), "10.3.0.1"), new InetSocketAddress(ip("10.3.0.1"), 67), false, NOW);
        assertEquals(new IgnoreReason.NoSubnet(ip("10.3.0.1")), ((Outcome.Ignore) o).reason());
    }

    @Test
    void replyToARelayGoesToItsServerPortWhateverPortItSentFrom() { // RFC 2131 §4.1
        DhcpProcessor p = processor(config().build(), List.of());
        DhcpMessage m = relayed(discover(), "10.1.0.1");
        Outcome.Send s = (Outcome.Send) p.process(m, new InetSocketAddress(ip("10.1.0.1"), 40000), false, NOW);
        assertEquals(new InetSocketAddress(ip("10.1.0.1"), 67), s.to());
        // RFC 8357: a relay that names its source port (sub-option 19) gets the reply there
        DhcpMessage sourcePort = m.toBuilder().option(OptionKey.RELAY_AGENT_INFO,
                SubOptions.of(List.of(new SubOptions.Entry(19, new byte[0])), false)).build();
        s = (Outcome.Send) p.process(sourcePort, new InetSocketAddress(ip("10.1.0.1"), 40000), false, NOW);
        assertEquals(new InetSocketAddress(ip("10.1.0.1"), 40000), s.to());
    }

    @Test
    void reservationHoldsOnItsOwnSubnetOnly() {
        DhcpProcessor p = processor(config().build(), List.of(new Reservation(NODE, ip("10.1.0.10"), "node-000")));
        DhcpMessage offer = ((Outcome.Send) p.process(relayed(discover(), "10.1.0.1"),
                new InetSocketAddress(ip("10.1.0.1"), 67), false, NOW)).reply();
        assertEquals(ip("10.1.0.10"), offer.yiaddr());
        // the node moved to rack 2: no rack-1 address there, and no pool address either
        Outcome o = p.process(relayed(discover(), "10.2.0.1"), new InetSocketAddress(ip("10.2.0.1"), 67), false, NOW);
        assertEquals(new IgnoreReason.ReservedOnOtherSubnet("rack2"), ((Outcome.Ignore) o).reason());
        DhcpMessage initReboot = DhcpProcessorTest.request(relayed(discover(), "10.2.0.1"), ip("10.1.0.10"), null);
        Outcome.Send nak = (Outcome.Send) p.process(initReboot, new InetSocketAddress(ip("10.2.0.1"), 67), false, NOW);
        assertEquals(DhcpMessageType.NAK, nak.reply().messageType().orElseThrow());
        assertEquals(new InetSocketAddress(ip("10.2.0.1"), 67), nak.to(), "through the relay");
        assertTrue(nak.reply().broadcast(), "RFC 2131 §4.3.2: a relayed NAK has the broadcast bit, for the relay to broadcast it");
        assertFalse(initReboot.broadcast());
    }

    @Test
    void clientOptionsWinOverTheSubnetsWhichWinOverTheServers() {
        DhcpServerConfig c = config().options(DhcpOptions.builder().put(OptionValue.parse("mtu", "1400"))
                .put(OptionValue.parse("domain-search", "cluster.local")).build()).build();
        DhcpProcessor p = processor(c, List.of(new Reservation(NODE, ip("10.2.0.10"), "node-000",
                DhcpOptions.builder().put(OptionValue.parse("mtu", "4000")).build())));
        DhcpMessage asksFor119 = discover().toBuilder().option(OptionKey.PARAMETER_REQUEST_LIST, List.of(1, 3, 26, 119)).build();
        DhcpMessage node = ((Outcome.Send) p.process(relayed(asksFor119, "10.2.0.1"),
                new InetSocketAddress(ip("10.2.0.1"), 67), false, NOW)).reply();
        assertEquals(4000, node.option(OptionKey.MTU).orElseThrow(), "the reservation's own");
        assertEquals(List.of("cluster.local"), node.option(OptionKey.DOMAIN_SEARCH).orElseThrow(), "the server's");
        assertEquals(List.of(ip("10.2.0.1")), node.option(OptionKey.NTP_SERVERS).orElseThrow(), "the subnet's, always sent");
        DhcpMessage other = ((Outcome.Send) p.process(relayed(DhcpProcessorTest.withMac(asksFor119, "02:00:00:00:02:02"), "10.2.0.1"),
                new InetSocketAddress(ip("10.2.0.1"), 67), false, NOW)).reply();
        assertEquals(1500, other.option(OptionKey.MTU).orElseThrow(), "the subnet's");
        DhcpMessage direct = ((Outcome.Send) processor(c, List.of(new Reservation(NODE, ip("10.0.0.10"), "n")))
                .process(asksFor119, FROM_CLIENT, false, NOW)).reply();
        assertEquals(1400, direct.option(OptionKey.MTU).orElseThrow(), "the server's");
        assertEquals(List.of(SERVER), direct.option(OptionKey.NTP_SERVERS).orElseThrow(), "ntpServers() as before");
    }

    @Test
    void configuredOptionsGoOnlyToClientsThatAskUnlessAlwaysSent() {
        DhcpOptions wpad = DhcpOptions.builder().put(OptionValue.parse(252, "string", "http://10.0.0.1/wpad.dat")).build();
        DhcpProcessor asked = processor(config().options(wpad).build(), List.of());
        DhcpMessage d = DhcpProcessorTest.withMac(discover(), "02:00:00:00:01:01");
        DhcpMessage offer = ((Outcome.Send) asked.process(relayed(d, "10.1.0.1"), FROM_CLIENT, false, NOW)).reply();
        assertFalse(offer.options().contains(252), "not asked for: " + offer.options());
        assertTrue(offer.options().contains(OptionKey.MTU), "asked for");
        DhcpMessage asks = d.toBuilder().option(OptionKey.PARAMETER_REQUEST_LIST, List.of(1, 3, 252)).build();
        offer = ((Outcome.Send) asked.process(relayed(asks, "10.1.0.1"), FROM_CLIENT, false, NOW)).reply();
        assertEquals("http://10.0.0.1/wpad.dat", new String(offer.options().raw(252).orElseThrow()));
        assertFalse(offer.options().contains(OptionKey.MTU), "not asked for this time");
        DhcpProcessor always = processor(config().options(wpad).alwaysSend(Set.of(252)).build(), List.of());
        offer = ((Outcome.Send) always.process(relayed(d, "10.1.0.1"), FROM_CLIENT, false, NOW)).reply();
        assertTrue(offer.options().contains(252));
    }

    @Test
    void subnetsThatOverlapOrPoolsOutsideOrAServerOnNoneAreRefusedAtBuild() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config()
                .subnets(List.of(rack(1, DhcpOptions.empty()), DhcpSubnet.builder(Subnet.parse("10.1.0.128/25")).name("half").build()))
                .build());
        assertEquals("subnet half (10.1.0.128/25): overlaps rack1 (10.1.0.0/24) (expected: subnets that share no address)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> config().subnets(List.of(DhcpSubnet.builder(Subnet.parse("10.0.0.0/16")).build())).build());
        assertTrue(e.getMessage().startsWith("subnet 10.0.0.0/16: overlaps 10.0.0.0/24"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DhcpSubnet.builder(Subnet.parse("10.1.0.0/24")).name("rack1")
                .pool(AddressRange.parse("10.1.0.200-10.1.1.10")).build());
        assertEquals("pool: 10.1.0.200-10.1.1.10 (expected: inside 10.1.0.0/24, subnet rack1)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DhcpServerConfig.builder().serverAddress(ip("192.168.0.1"))
                .subnets(List.of(rack(1, DhcpOptions.empty()), rack(2, DhcpOptions.empty()))).build());
        assertEquals("serverAddress: 192.168.0.1 (expected: inside one of the subnets)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DhcpServerConfig.builder().serverAddress(ip("10.1.0.1"))
                .router(ip("10.1.0.1")).subnets(List.of(rack(1, DhcpOptions.empty()))).build());
        assertEquals("subnet: missing for the router, DNS, NTP, domain or pool set on the builder (expected: subnet(...), "
                + "or these on a DhcpSubnet)", e.getMessage(), "never dropped silently");
        e = assertThrows(IllegalArgumentException.class, () -> config().subnets(List.of(rack(1, DhcpOptions.empty()),
                DhcpSubnet.builder(Subnet.parse("10.5.0.0/24")).name("rack1").build())).build());
        assertEquals("subnet rack1: named twice (expected: one name per subnet)", e.getMessage());
    }

    @Test
    void reservationFittingNoSubnetIsRefusedAtBuild() {
        DhcpServerConfig c = config().build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DhcpServer.builder(c)
                .reservations(List.of(new Reservation(NODE, ip("10.9.0.10"), "node-000"))).build());
        assertEquals("reservation fc:ab:14:e8:66:01: 10.9.0.10 fits no subnet (expected: inside one of 10.0.0.0/24, "
                + "10.1.0.0/24, 10.2.0.0/24)", e.getMessage());
    }
}
