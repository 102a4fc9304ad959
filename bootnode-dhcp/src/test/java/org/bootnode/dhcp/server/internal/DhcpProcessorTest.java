package org.bootnode.dhcp.server.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.bootnode.dhcp.ClientId;
import org.bootnode.dhcp.ClientPackets;
import org.bootnode.dhcp.DhcpCodec;
import org.bootnode.dhcp.DhcpMessage;
import org.bootnode.dhcp.DhcpMessageType;
import org.bootnode.dhcp.DhcpOp;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.OptionKey;
import org.bootnode.dhcp.SubOptions;
import org.bootnode.dhcp.internal.Inet4;
import org.bootnode.dhcp.lease.AddressPolicy;
import org.bootnode.dhcp.lease.AddressRange;
import org.bootnode.dhcp.lease.InMemoryLeaseStore;
import org.bootnode.dhcp.lease.Lease;
import org.bootnode.dhcp.lease.LeaseStore;
import org.bootnode.dhcp.lease.Reservation;
import org.bootnode.dhcp.pxe.ClientKind;
import org.bootnode.dhcp.lease.StaticAddressPolicy;
import org.bootnode.dhcp.lease.Subnet;
import org.bootnode.dhcp.lease.UnknownClients;
import org.bootnode.dhcp.pxe.DefaultBootPolicy;
import org.bootnode.dhcp.server.DhcpServerConfig;
import org.bootnode.dhcp.server.IgnoreReason;
import org.junit.jupiter.api.Test;

class DhcpProcessorTest {
    static final Inet4Address SERVER = ip("10.0.0.1");
    static final MacAddress NODE = MacAddress.parse("fc:ab:14:e8:66:01");
    static final InetSocketAddress FROM_CLIENT = new InetSocketAddress(ip("0.0.0.0"), 68);
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    final InMemoryLeaseStore leases = new InMemoryLeaseStore();
    final AtomicReference<AddressPolicy> policy = new AtomicReference<>();

    static Inet4Address ip(String s) {
        return Inet4.parse(s);
    }

    static DhcpMessage decode(byte[] b) {
        try {
            return DhcpCodec.decode(b);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static DhcpServerConfig.Builder config() {
        return DhcpServerConfig.builder().serverAddress(SERVER).subnet(Subnet.parse("10.0.0.0/24"))
                .router(SERVER).dnsServers(List.of(SERVER)).domain("cluster.local").leaseTime(Duration.ofHours(12))
                .pool(new AddressRange(ip("10.0.0.100"), ip("10.0.0.101")));
    }

    DhcpProcessor processor(DhcpServerConfig c) {
        policy.set(StaticAddressPolicy.of(List.of(new Reservation(NODE, ip("10.0.0.10"), "node-000")),
                c.pool().orElse(null), c.unknownClients()));
        return new DhcpProcessor(c, policy::get, DefaultBootPolicy.builder().nextServer(SERVER)
                .scriptUrl(m -> "http://10.0.0.1:8080/boot/" + m + ".ipxe")
                .httpBootUrl("http://10.0.0.1:8080/tftp/snponly.efi").build(), leases);
    }

    static DhcpMessage request(DhcpMessage discover, Inet4Address requested, Inet4Address serverId) {
        DhcpMessage.Builder b = discover.toBuilder().messageType(DhcpMessageType.REQUEST);
        if (requested != null) {
            b.option(OptionKey.REQUESTED_ADDRESS, requested);
        }
        if (serverId != null) {
            b.option(OptionKey.SERVER_ID, serverId);
        }
        return b.build();
    }

    /** {@code m} from another machine: chaddr and, if {@code m} has one, its client id (type 1 + MAC, as udhcpc and iPXE send). */
    static DhcpMessage withMac(DhcpMessage m, String mac) {
        DhcpMessage.Builder b = m.toBuilder().clientMac(MacAddress.parse(mac));
        if (m.options().contains(OptionKey.CLIENT_ID)) {
            b.option(OptionKey.CLIENT_ID, clientId(1, MacAddress.parse(mac).bytes()));
        }
        return b.build();
    }

    static byte[] clientId(int type, byte[] value) {
        byte[] id = new byte[value.length + 1];
        id[0] = (byte) type;
        System.arraycopy(value, 0, id, 1, value.length);
        return id;
    }

    static DhcpMessage withClientId(DhcpMessage m, String id) {
        return m.toBuilder().option(OptionKey.CLIENT_ID, ClientId.parse(id).bytes()).build();
    }

    static DhcpMessage withoutClientId(DhcpMessage m) {
        return m.toBuilder().options(m.options().toBuilder().remove(OptionKey.CLIENT_ID).build()).build();
    }

    /** DISCOVER, then REQUEST of what was offered: the ACK, whose lease the test makes durable at once. */
    Outcome.Send dora(DhcpProcessor p, DhcpMessage discover, Instant now) {
        DhcpMessage offer = ((Outcome.Send) p.process(discover, FROM_CLIENT, false, now)).reply();
        Outcome.Send ack = (Outcome.Send) p.process(request(discover, offer.yiaddr(), SERVER), FROM_CLIENT, false, now);
        assertEquals(DhcpMessageType.ACK, ack.reply().messageType().orElseThrow());
        leases.put(ack.durableFirst());
        return ack;
    }

    @Test
    void pxeFirmwareGetsOfferWithBootFileAndPxeOptions() {
        DhcpMessage discover = decode(ClientPackets.OVMF_PXE_DISCOVER);
        Outcome.Send s = assertInstanceOf(Outcome.Send.class, processor(config().build()).process(discover, FROM_CLIENT, false, NOW));
        DhcpMessage offer = s.reply();
        assertEquals(DhcpOp.BOOTREPLY, offer.op());
        assertEquals(DhcpMessageType.OFFER, offer.messageType().orElseThrow());
        assertEquals(discover.xid(), offer.xid());
        assertEquals(ip("10.0.0.10"), offer.yiaddr());
        assertEquals(SERVER, offer.siaddr(), "siaddr: iPXE and PXE ROMs fetch relative names from it");
        assertEquals("ipxe.efi", offer.bootFile());
        assertEquals("ipxe.efi", offer.option(OptionKey.BOOT_FILE_NAME).orElseThrow());
        assertEquals("10.0.0.1", offer.option(OptionKey.TFTP_SERVER_NAME).orElseThrow());
        assertEquals("PXEClient", offer.option(OptionKey.VENDOR_CLASS).orElseThrow());
        assertArrayEquals(new byte[] {6, 1, 8, 10, 4, 0, 'P', 'X', 'E', (byte) 255}, offer.option(OptionKey.VENDOR_SPECIFIC).orElseThrow());
        assertArrayEquals(discover.options().raw(97).orElseThrow(), offer.options().raw(97).orElseThrow(), "GUID echoed");
        assertEquals(SERVER, offer.option(OptionKey.SERVER_ID).orElseThrow());
        assertEquals(Duration.ofHours(12), offer.option(OptionKey.LEASE_TIME).orElseThrow());
        assertEquals(Duration.ofHours(6), offer.option(OptionKey.RENEWAL_TIME).orElseThrow());
        assertEquals(Duration.ofMinutes(630), offer.option(OptionKey.REBINDING_TIME).orElseThrow());
        assertEquals("node-000", offer.option(OptionKey.HOST_NAME).orElseThrow());
        assertFalse(offer.options().contains(OptionKey.IPXE_ENCAP));
        assertEquals(new InetSocketAddress(ip("255.255.255.255"), 68), s.to(), "OVMF sets the broadcast bit");
        assertNull(s.durableFirst(), "an offer commits nothing");
        assertTrue(DhcpCodec.encode(offer).length >= 300);
    }

    @Test
    void iPxeGetsItsScriptUrlAndNoPxeDhcpWait() {
        DhcpMessage discover = decode(ClientPackets.IPXE_DISCOVER);
        DhcpMessage offer = ((Outcome.Send) processor(config().build()).process(discover, FROM_CLIENT, false, NOW)).reply();
        assertEquals("http://10.0.0.1:8080/boot/fc:ab:14:e8:66:01.ipxe", offer.option(OptionKey.BOOT_FILE_NAME).orElseThrow());
        assertEquals("http://10.0.0.1:8080/boot/fc:ab:14:e8:66:01.ipxe", offer.bootFile());
        assertEquals(SubOptions.of(List.of(new SubOptions.Entry(176, new byte[] {1})), false),
                offer.option(OptionKey.IPXE_ENCAP).orElseThrow());
        assertFalse(offer.options().contains(OptionKey.VENDOR_SPECIFIC), "no PXE menu for iPXE");
    }

    @Test
    void selectingRequestIsAckedWithTheOfferedAddressAndServerIdAfterTheLeaseIsDurable() {
        DhcpProcessor p = processor(config().build());
        DhcpMessage discover = decode(ClientPackets.IPXE_DISCOVER);
        DhcpMessage offer = ((Outcome.Send) p.process(discover, FROM_CLIENT, false, NOW)).reply();
        Outcome.Send ack = (Outcome.Send) p.process(request(discover, offer.yiaddr(), SERVER), FROM_CLIENT, false, NOW);
        assertEquals(DhcpMessageType.ACK, ack.reply().messageType().orElseThrow());
        assertEquals(offer.yiaddr(), ack.reply().yiaddr());
        assertEquals(offer.option(OptionKey.SERVER_ID), ack.reply().option(OptionKey.SERVER_ID));
        assertEquals(offer.bootFile(), ack.reply().bootFile());
        Lease lease = ack.durableFirst();
        assertNotNull(lease);
        assertEquals(new Lease(NODE, ClientId.parse("01:fc:ab:14:e8:66:01"), ip("10.0.0.10"), "node-000",
                NOW.plus(Duration.ofHours(12)), Lease.State.BOUND), lease, "iPXE sends option 61: the lease is kept by it");
    }

    @Test
    void twoClientsWithTheSameChaddrAndDifferentClientIdsGetDifferentLeases() {
        DhcpProcessor p = processor(config().unknownClients(UnknownClients.POOL).build());
        DhcpMessage vm = withMac(decode(ClientPackets.UDHCPC_DISCOVER), "02:00:00:00:00:0a");
        DhcpMessage a = withClientId(vm, "ff:00:00:00:01:00:01:2c:aa:bb:cc:00:00:00:00:00:0a");
        DhcpMessage b = withClientId(vm, "ff:00:00:00:02:00:01:2c:aa:bb:cc:00:00:00:00:00:0a");
        Inet4Address first = dora(p, a, NOW).reply().yiaddr();
        Inet4Address second = dora(p, b, NOW).reply().yiaddr();
        assertNotEquals(first, second);
        MacAddress mac = MacAddress.parse("02:00:00:00:00:0a");
        assertEquals(first, leases.byClient(mac, ClientId.of(a.option(OptionKey.CLIENT_ID).orElseThrow())).orElseThrow().address());
        assertEquals(second, leases.byClient(mac, ClientId.of(b.option(OptionKey.CLIENT_ID).orElseThrow())).orElseThrow().address());
        // each renews its own address, and a request for the other's is refused
        assertEquals(first, dora(p, a, NOW.plusSeconds(60)).reply().yiaddr());
        Outcome.Send nak = (Outcome.Send) p.process(request(a, second, null), FROM_CLIENT, false, NOW);
        assertEquals(DhcpMessageType.NAK, nak.reply().messageType().orElseThrow());
    }

    @Test
    void sameClientIdOnANewChaddrKeepsItsLease() {
        DhcpProcessor p = processor(config().unknownClients(UnknownClients.POOL).build());
        String id = "ff:00:00:00:01:00:01:2c:aa:bb:cc:00:00:00:00:00:0a";
        DhcpMessage before = withClientId(withMac(decode(ClientPackets.UDHCPC_DISCOVER), "02:00:00:00:00:0a"), id);
        DhcpMessage after = withClientId(withMac(decode(ClientPackets.UDHCPC_DISCOVER), "02:00:00:00:00:0b"), id); // a new NIC
        Inet4Address first = dora(p, before, NOW).reply().yiaddr();
        Outcome.Send again = dora(p, after, NOW.plusSeconds(60));
        assertEquals(first, again.reply().yiaddr());
        assertEquals(MacAddress.parse("02:00:00:00:00:0b"), again.durableFirst().mac(), "the lease follows the new chaddr");
        assertEquals(1, leases.all().size());
    }

    @Test
    void firmwareWithoutClientIdAndIpxeWithOneShareALease() {
        DhcpProcessor p = processor(config().unknownClients(UnknownClients.POOL).build());
        DhcpMessage ipxe = withMac(decode(ClientPackets.IPXE_DISCOVER), "02:00:00:00:00:0a");
        DhcpMessage firmware = withoutClientId(ipxe);
        Inet4Address first = dora(p, firmware, NOW).reply().yiaddr();
        assertEquals(first, dora(p, ipxe, NOW.plusSeconds(30)).reply().yiaddr(), "iPXE adopts the firmware's lease");
        assertEquals(1, leases.all().size());
        // and a kernel without option 61 after iPXE
        assertEquals(first, dora(p, firmware, NOW.plusSeconds(60)).reply().yiaddr());
    }

    @Test
    void reservationsGoByMacWhateverTheClientId() {
        DhcpProcessor p = processor(config().build());
        DhcpMessage a = withClientId(decode(ClientPackets.UDHCPC_DISCOVER), "ff:01:02:03:04");
        DhcpMessage b = withClientId(decode(ClientPackets.UDHCPC_DISCOVER), "ff:05:06:07:08");
        assertEquals(ip("10.0.0.10"), dora(p, a, NOW).reply().yiaddr());
        assertEquals(ip("10.0.0.10"), dora(p, b, NOW).reply().yiaddr());
        assertEquals(ip("10.0.0.10"), dora(p, withoutClientId(a), NOW).reply().yiaddr());
    }

    @Test
    void clientIdIsEchoedInOfferAckAndNak() { // RFC 6842 §3
        DhcpProcessor p = processor(config().build());
        DhcpMessage discover = withClientId(decode(ClientPackets.UDHCPC_DISCOVER), "ff:01:02:03:04");
        byte[] id = discover.options().raw(61).orElseThrow();
        Outcome.Send ack = dora(p, discover, NOW);
        assertArrayEquals(id, ack.reply().options().raw(61).orElseThrow());
        DhcpMessage offer = ((Outcome.Send) p.process(discover, FROM_CLIENT, false, NOW)).reply();
        assertArrayEquals(id, offer.options().raw(61).orElseThrow());
        DhcpMessage nak = ((Outcome.Send) p.process(request(discover, ip("10.0.0.99"), null), FROM_CLIENT, false, NOW)).reply();
        assertEquals(DhcpMessageType.NAK, nak.messageType().orElseThrow());
        assertArrayEquals(id, nak.options().raw(61).orElseThrow());
        DhcpMessage none = ((Outcome.Send) p.process(withoutClientId(discover), FROM_CLIENT, false, NOW)).reply();
        assertFalse(none.options().contains(OptionKey.CLIENT_ID), "nothing to echo");
    }

    @Test
    void clientIdLongerThanOneOptionIsIgnoredAndEmptyOneCountsAsNone() {
        DhcpProcessor p = processor(config().build());
        DhcpMessage discover = decode(ClientPackets.UDHCPC_DISCOVER);
        DhcpMessage huge = discover.toBuilder().option(OptionKey.CLIENT_ID, new byte[300]).build();
        assertInstanceOf(IgnoreReason.BadRequest.class, ((Outcome.Ignore) p.process(huge, FROM_CLIENT, false, NOW)).reason());
        DhcpMessage empty = discover.toBuilder().option(OptionKey.CLIENT_ID, new byte[0]).build();
        assertNull(dora(p, empty, NOW).durableFirst().clientId());
    }

    @Test
    void requestNamingAnotherServerIsIgnoredAndOurOfferDropped() {
        DhcpProcessor p = processor(config().unknownClients(UnknownClients.POOL).build());
        DhcpMessage a = withMac(decode(ClientPackets.UDHCPC_DISCOVER), "02:00:00:00:00:0a");
        DhcpMessage offerA = ((Outcome.Send) p.process(a, FROM_CLIENT, false, NOW)).reply();
        Outcome o = p.process(request(a, offerA.yiaddr(), ip("10.0.0.254")), FROM_CLIENT, false, NOW);
        assertEquals(new IgnoreReason.OtherServer(ip("10.0.0.254")), ((Outcome.Ignore) o).reason());
        // the address is free again: with a pool of two, two more clients still get addresses
        DhcpMessage b = withMac(decode(ClientPackets.UDHCPC_DISCOVER), "02:00:00:00:00:0b");
        DhcpMessage c = withMac(decode(ClientPackets.UDHCPC_DISCOVER), "02:00:00:00:00:0c");
        assertInstanceOf(Outcome.Send.class, p.process(b, FROM_CLIENT, false, NOW));
        assertEquals(offerA.yiaddr(), ((Outcome.Send) p.process(c, FROM_CLIENT, false, NOW)).reply().yiaddr());
    }

    @Test
    void repeatedDiscoverFromOneClientGetsTheSamePoolAddress() {
        DhcpProcessor p = processor(config().unknownClients(UnknownClients.POOL).build());
        DhcpMessage a = withMac(decode(ClientPackets.IPXE_DISCOVER), "02:00:00:00:00:0a");
        Inet4Address first = ((Outcome.Send) p.process(a, FROM_CLIENT, false, NOW)).reply().yiaddr();
        Inet4Address again = ((Outcome.Send) p.process(a, FROM_CLIENT, false, NOW.plusSeconds(1))).reply().yiaddr();
        assertEquals(first, again);
    }

    @Test
    void noPoolOfferWhileTheStoreCannotCommitButTheReservationIsOffered() {
        DhcpServerConfig c = config().unknownClients(UnknownClients.POOL).build();
        policy.set(StaticAddressPolicy.of(List.of(new Reservation(NODE, ip("10.0.0.10"), "node-000")),
                c.pool().orElse(null), c.unknownClients()));
        // A shared store whose database is away: it vouches only for the node's reservation.
        LeaseStore away = new LeaseStore() {
            @Override
            public Optional<Lease> byClient(MacAddress mac, ClientId clientId) {
                return leases.byClient(mac, clientId);
            }

            @Override
            public Optional<Lease> byAddress(Inet4Address address) {
                return leases.byAddress(address);
            }

            @Override
            public CompletionStage<Void> put(Lease lease) {
                return leases.put(lease);
            }

            @Override
            public boolean canCommit(Lease lease) {
                return lease.mac().equals(NODE) && lease.address().equals(ip("10.0.0.10"));
            }

            @Override
            public CompletionStage<Void> release(MacAddress mac, ClientId clientId, Inet4Address address) {
                return leases.release(mac, clientId, address);
            }

            @Override
            public Collection<Lease> all() {
                return leases.all();
            }

            @Override
            public void close() {
            }
        };
        DhcpProcessor p = new DhcpProcessor(c, policy::get, DefaultBootPolicy.builder().nextServer(SERVER)
                .scriptUrl(m -> "http://10.0.0.1:8080/boot/" + m + ".ipxe").build(), away);
        DhcpMessage pool = withMac(decode(ClientPackets.IPXE_DISCOVER), "02:00:00:00:00:0a");
        for (int i = 0; i < 3; i++) {
            assertEquals(new IgnoreReason.StoreUnavailable(), ((Outcome.Ignore) p.process(pool, FROM_CLIENT, false, NOW)).reason());
        }
        DhcpMessage node = decode(ClientPackets.IPXE_DISCOVER);
        assertEquals(ip("10.0.0.10"), ((Outcome.Send) p.process(node, FROM_CLIENT, false, NOW)).reply().yiaddr());
    }

    @Test
    void poolStartMovesWhereThePoolSearchBegins() {
        DhcpServerConfig c = config().unknownClients(UnknownClients.POOL)
                .pool(new AddressRange(ip("10.0.0.100"), ip("10.0.0.199"))).poolStart(1_000_000_037L).build();
        policy.set(StaticAddressPolicy.ofPools(List.of(), c.pools(), c.unknownClients(), c.poolStart()));
        DhcpProcessor p = new DhcpProcessor(c, policy::get, DefaultBootPolicy.builder().nextServer(SERVER)
                .scriptUrl(m -> "http://10.0.0.1:8080/boot/" + m + ".ipxe").build(), leases);
        DhcpMessage a = withMac(decode(ClientPackets.IPXE_DISCOVER), "02:00:00:00:00:0a");
        // 1,000,000,037 mod 100 = 37: the search starts at the pool's 38th address, not its first.
        assertEquals(ip("10.0.0.137"), ((Outcome.Send) p.process(a, FROM_CLIENT, false, NOW)).reply().yiaddr());
        assertEquals(0, config().build().poolStart(), "default: the first address");
    }

    @Test
    void nakIsBroadcastWhenGiaddrIsZero() {
        DhcpMessage initReboot = request(decode(ClientPackets.UDHCPC_DISCOVER), ip("10.0.0.99"), null);
        Outcome.Send s = (Outcome.Send) processor(config().build()).process(initReboot, FROM_CLIENT, false, NOW);
        assertEquals(DhcpMessageType.NAK, s.reply().messageType().orElseThrow());
        assertEquals(new InetSocketAddress(ip("255.255.255.255"), 68), s.to());
        assertEquals(ip("0.0.0.0"), s.reply().yiaddr());
        assertEquals(SERVER, s.reply().option(OptionKey.SERVER_ID).orElseThrow());
    }

    @Test
    void initRebootForAnotherNetworkIsNaked() {
        DhcpMessage initReboot = request(decode(ClientPackets.UDHCPC_DISCOVER), ip("192.168.1.10"), null);
        Outcome.Send s = (Outcome.Send) processor(config().build()).process(initReboot, FROM_CLIENT, false, NOW);
        assertEquals(DhcpMessageType.NAK, s.reply().messageType().orElseThrow());
    }

    @Test
    void initRebootOfUnknownClientIsSilent() {
        DhcpMessage initReboot = request(withMac(decode(ClientPackets.UDHCPC_DISCOVER), "02:00:00:00:00:0a"), ip("10.0.0.99"), null);
        Outcome o = processor(config().build()).process(initReboot, FROM_CLIENT, false, NOW);
        IgnoreReason.UnknownClient unknown = (IgnoreReason.UnknownClient) ((Outcome.Ignore) o).reason();
        assertEquals(ClientKind.DHCP, unknown.client().kind(), "udhcpc: an operating system's client");
    }

    @Test
    void renewingIsAckedByUnicastToCiaddr() {
        DhcpMessage renew = decode(ClientPackets.UDHCPC_DISCOVER).toBuilder().messageType(DhcpMessageType.REQUEST)
                .ciaddr(ip("10.0.0.10")).build();
        Outcome.Send s = (Outcome.Send) processor(config().build()).process(renew, new InetSocketAddress(ip("10.0.0.10"), 68), false, NOW);
        assertEquals(DhcpMessageType.ACK, s.reply().messageType().orElseThrow());
        assertEquals(ip("10.0.0.10"), s.reply().ciaddr());
        assertEquals(new InetSocketAddress(ip("10.0.0.10"), 68), s.to());
    }

    @Test
    void relayedRequestGoesBackToTheRelayWithOption82Echoed() {
        byte[] info = {1, 3, 'e', 't', '0', 2, 1, 9};
        DhcpMessage relayed = decode(ClientPackets.UDHCPC_DISCOVER).toBuilder().giaddr(ip("10.0.0.254")).hops(1)
                .option(OptionKey.RELAY_AGENT_INFO, SubOptions.parseLenient(info)).build();
        Outcome.Send s = (Outcome.Send) processor(config().build()).process(relayed, new InetSocketAddress(ip("10.0.0.254"), 67), false, NOW);
        assertEquals(new InetSocketAddress(ip("10.0.0.254"), 67), s.to());
        assertEquals(ip("10.0.0.254"), s.reply().giaddr());
        assertArrayEquals(info, s.reply().options().raw(82).orElseThrow());
        byte[] wire = DhcpCodec.encode(s.reply());
        int end = DhcpCodec.encodedLength(s.reply()) - 1;
        assertEquals((byte) 255, wire[end]);
        assertEquals(82, wire[end - info.length - 2], "option 82 is the last option");
    }

    @Test
    void relayedFromAnotherSubnetIsIgnored() {
        DhcpMessage relayed = decode(ClientPackets.UDHCPC_DISCOVER).toBuilder().giaddr(ip("172.16.0.1")).build();
        Outcome o = processor(config().build()).process(relayed, new InetSocketAddress(ip("172.16.0.1"), 67), false, NOW);
        assertEquals(new IgnoreReason.NoSubnet(ip("172.16.0.1")), ((Outcome.Ignore) o).reason());
    }

    @Test
    void linkSelectionSubOptionChoosesTheSubnetBeforeGiaddr() {
        DhcpProcessor p = processor(config().build());
        SubOptions otherLink = SubOptions.of(List.of(new SubOptions.Entry(5, new byte[] {(byte) 172, 16, 0, 0})), false);
        DhcpMessage relayed = decode(ClientPackets.UDHCPC_DISCOVER).toBuilder().giaddr(ip("10.0.0.254"))
                .option(OptionKey.RELAY_AGENT_INFO, otherLink).build();
        assertEquals(new IgnoreReason.NoSubnet(ip("172.16.0.0")),
                ((Outcome.Ignore) p.process(relayed, new InetSocketAddress(ip("10.0.0.254"), 67), false, NOW)).reason());
        SubOptions ourLink = SubOptions.of(List.of(new SubOptions.Entry(5, new byte[] {10, 0, 0, 0})), false);
        DhcpMessage fromOtherRelay = relayed.toBuilder().giaddr(ip("192.168.9.1")).option(OptionKey.RELAY_AGENT_INFO, ourLink).build();
        assertInstanceOf(Outcome.Send.class, p.process(fromOtherRelay, new InetSocketAddress(ip("192.168.9.1"), 67), false, NOW));
    }

    static DhcpMessage decline(DhcpMessage from, Inet4Address address) {
        return from.toBuilder().messageType(DhcpMessageType.DECLINE).option(OptionKey.REQUESTED_ADDRESS, address)
                .option(OptionKey.SERVER_ID, SERVER).build();
    }

    @Test
    void declinedAddressIsSetAsideAndTheNextClientGetsAnother() {
        DhcpProcessor p = processor(config().unknownClients(UnknownClients.POOL).build());
        DhcpMessage a = withMac(decode(ClientPackets.UDHCPC_DISCOVER), "02:00:00:00:00:0a");
        Inet4Address first = dora(p, a, NOW).reply().yiaddr();
        Outcome.Noted noted = assertInstanceOf(Outcome.Noted.class, p.process(decline(a, first), FROM_CLIENT, false, NOW));
        assertTrue(noted.warning().contains("10.0.0.100 is in use by another machine"), noted.warning());
        assertEquals(Lease.State.DECLINED, leases.byAddress(first).orElseThrow().state());
        Inet4Address second = ((Outcome.Send) p.process(a, FROM_CLIENT, false, NOW)).reply().yiaddr();
        assertNotEquals(first, second);
        // after the probation, the address comes back
        Instant later = NOW.plus(Duration.ofMinutes(11));
        DhcpMessage b = withMac(decode(ClientPackets.UDHCPC_DISCOVER), "02:00:00:00:00:0b");
        assertEquals(first, ((Outcome.Send) p.process(b, FROM_CLIENT, false, later)).reply().yiaddr());
    }

    @Test
    void declineFromAClientThatDoesNotHoldTheAddressIsIgnoredAndTheOwnerKeepsIt() { // RFC 2131 §4.3.3
        DhcpProcessor p = processor(config().unknownClients(UnknownClients.POOL).build());
        DhcpMessage owner = withMac(decode(ClientPackets.UDHCPC_DISCOVER), "02:11:22:33:44:55");
        Inet4Address held = dora(p, owner, NOW).reply().yiaddr();
        DhcpMessage stranger = withMac(decode(ClientPackets.UDHCPC_DISCOVER), "02:66:66:66:66:66");
        for (DhcpMessage hostile : List.of(decline(stranger, held), decline(stranger, ip("10.0.0.10")), decline(stranger, SERVER),
                decline(withoutClientId(owner), ip("10.0.0.101")))) {
            assertEquals(new IgnoreReason.NotLeaseHolder(hostile.option(OptionKey.REQUESTED_ADDRESS).orElseThrow()),
                    assertInstanceOf(Outcome.Ignore.class, p.process(hostile, FROM_CLIENT, false, NOW)).reason());
        }
        assertEquals(Lease.State.BOUND, leases.byAddress(held).orElseThrow().state());
        DhcpMessage renew = owner.toBuilder().messageType(DhcpMessageType.REQUEST).ciaddr(held).build();
        Outcome.Send ack = assertInstanceOf(Outcome.Send.class, p.process(renew, new InetSocketAddress(held, 68), false, NOW));
        assertEquals(DhcpMessageType.ACK, ack.reply().messageType().orElseThrow());
        assertEquals(held, ack.reply().yiaddr());
    }

    @Test
    void reservedNodeDecliningItsAddressKeepsItAndTheConflictIsLogged() {
        DhcpProcessor p = processor(config().build());
        DhcpMessage node = decode(ClientPackets.OVMF_PXE_DISCOVER);
        Inet4Address reserved = dora(p, node, NOW).reply().yiaddr();
        Outcome.Noted noted = assertInstanceOf(Outcome.Noted.class, p.process(decline(node, reserved), FROM_CLIENT, false, NOW));
        assertTrue(noted.warning().contains("reserved address 10.0.0.10 is in use by another machine"), noted.warning());
        assertEquals(Lease.State.BOUND, leases.byAddress(reserved).orElseThrow().state(), "never set aside");
        assertEquals(reserved, ((Outcome.Send) p.process(node, FROM_CLIENT, false, NOW)).reply().yiaddr());
        // the node retries: its conflict is logged once a minute, not once a packet
        assertNull(((Outcome.Noted) p.process(decline(node, reserved), FROM_CLIENT, false, NOW.plusSeconds(10))).warning());
        assertNotNull(((Outcome.Noted) p.process(decline(node, reserved), FROM_CLIENT, false, NOW.plusSeconds(61))).warning());
    }

    @Test
    void declinedAddressesAreBoundedAndTheOldestComesBackFirst() {
        DhcpServerConfig c = config().unknownClients(UnknownClients.POOL).pool(new AddressRange(ip("10.0.0.100"), ip("10.0.0.109")))
                .maxDeclined(3).build();
        DhcpProcessor p = processor(c);
        List<Inet4Address> declined = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            DhcpMessage d = withMac(decode(ClientPackets.UDHCPC_DISCOVER), String.format("02:00:00:00:01:%02x", i));
            Instant at = NOW.plusSeconds(i);
            Inet4Address a = dora(p, d, at).reply().yiaddr();
            assertInstanceOf(Outcome.Noted.class, p.process(decline(d, a), FROM_CLIENT, false, at));
            declined.add(a);
        }
        long onProbation = leases.all().stream().filter(l -> l.state() == Lease.State.DECLINED && l.isActive(NOW.plusSeconds(5))).count();
        assertEquals(3, onProbation);
        assertFalse(leases.byAddress(declined.get(0)).orElseThrow().isActive(NOW.plusSeconds(5)), "the first came back");
        assertTrue(leases.byAddress(declined.get(4)).orElseThrow().isActive(NOW.plusSeconds(5)));
    }

    @Test
    void clientWithNeitherHardwareAddressNorClientIdGetsNoLease() {
        DhcpProcessor p = processor(config().unknownClients(UnknownClients.POOL).build());
        DhcpMessage udhcpc = withoutClientId(decode(ClientPackets.UDHCPC_DISCOVER));
        DhcpMessage noChaddr = udhcpc.toBuilder().hlen(0).chaddr(new byte[16]).build();
        DhcpMessage zeroChaddr = udhcpc.toBuilder().chaddr(new byte[16]).build();
        for (DhcpMessage m : List.of(noChaddr, zeroChaddr)) {
            assertEquals(new IgnoreReason.NoClientIdentity(), ((Outcome.Ignore) p.process(m, FROM_CLIENT, false, NOW)).reason());
            assertEquals(new IgnoreReason.NoClientIdentity(),
                    ((Outcome.Ignore) p.process(request(m, ip("10.0.0.100"), null), FROM_CLIENT, false, NOW)).reason());
        }
        // IPoIB-style clients (hlen 0) with their own option 61 are two clients, never one
        Inet4Address a = dora(p, withClientId(noChaddr, "ff:00:00:00:01"), NOW).reply().yiaddr();
        Inet4Address b = dora(p, withClientId(noChaddr, "ff:00:00:00:02"), NOW).reply().yiaddr();
        assertNotEquals(a, b);
        assertTrue(leases.all().stream().noneMatch(l -> l.clientId() == null), "no lease without an identity");
    }

    @Test
    void leaseOfAClientWithoutHardwareAddressNeverBelongsToAnotherByChaddr() {
        Lease blank = new Lease(MacAddress.of(new byte[1]), ip("10.0.0.100"), "", NOW.plusSeconds(60), Lease.State.BOUND);
        assertFalse(blank.belongsTo(MacAddress.of(new byte[1]), ClientId.parse("ff:01")));
        assertFalse(blank.belongsTo(MacAddress.of(new byte[1]), null));
    }

    @Test
    void oneByteOption93IsAnsweredAsAClientWithoutArchitecture() {
        DhcpProcessor p = processor(config().build());
        byte[] ovmf = ClientPackets.OVMF_PXE_DISCOVER;
        // option 93 "5d 02 0007" becomes "5d 01 07" (and a pad): option 60 still says Arch:00007
        String hex = HexFormat.of().formatHex(ovmf).replace("5d020007", "5d010700");
        DhcpMessage m = decode(HexFormat.of().parseHex(hex));
        assertTrue(m.option(OptionKey.CLIENT_ARCH).isEmpty(), "reads as absent");
        assertArrayEquals(new byte[] {7}, m.options().raw(93).orElseThrow(), "kept raw");
        assertEquals("ipxe.efi", ((Outcome.Send) p.process(m, FROM_CLIENT, false, NOW)).reply().bootFile(), "option 60's Arch");
        DhcpMessage noArch = m.toBuilder().option(OptionKey.VENDOR_CLASS, "PXEClient").build();
        assertEquals("undionly.kpxe", ((Outcome.Send) p.process(noArch, FROM_CLIENT, false, NOW)).reply().bootFile(), "else BIOS");
    }

    @Test
    void releaseFreesTheLease() {
        DhcpProcessor p = processor(config().build());
        leases.put(new Lease(NODE, ip("10.0.0.10"), "node-000", NOW.plusSeconds(100), Lease.State.BOUND));
        DhcpMessage release = decode(ClientPackets.UDHCPC_DISCOVER).toBuilder().messageType(DhcpMessageType.RELEASE)
                .ciaddr(ip("10.0.0.10")).option(OptionKey.SERVER_ID, SERVER).build();
        assertInstanceOf(Outcome.Noted.class, p.process(release, FROM_CLIENT, false, NOW));
        assertTrue(leases.byMac(NODE).isEmpty());
    }

    @Test
    void releaseByClientIdFreesOnlyThatClientsLease() {
        DhcpProcessor p = processor(config().unknownClients(UnknownClients.POOL).build());
        DhcpMessage vm = withMac(decode(ClientPackets.UDHCPC_DISCOVER), "02:00:00:00:00:0a");
        DhcpMessage a = withClientId(vm, "ff:01");
        DhcpMessage b = withClientId(vm, "ff:02");
        Inet4Address first = dora(p, a, NOW).reply().yiaddr();
        Inet4Address second = dora(p, b, NOW).reply().yiaddr();
        DhcpMessage release = a.toBuilder().messageType(DhcpMessageType.RELEASE).ciaddr(first).option(OptionKey.SERVER_ID, SERVER).build();
        assertInstanceOf(Outcome.Noted.class, p.process(release, FROM_CLIENT, false, NOW));
        MacAddress mac = MacAddress.parse("02:00:00:00:00:0a");
        assertTrue(leases.byClient(mac, ClientId.parse("ff:01")).isEmpty());
        assertEquals(second, leases.byClient(mac, ClientId.parse("ff:02")).orElseThrow().address());
    }

    @Test
    void informGetsOptionsWithoutAddressOrLease() {
        DhcpMessage inform = decode(ClientPackets.UDHCPC_DISCOVER).toBuilder().messageType(DhcpMessageType.INFORM)
                .ciaddr(ip("10.0.0.50")).build();
        Outcome.Send s = (Outcome.Send) processor(config().build()).process(inform, new InetSocketAddress(ip("10.0.0.50"), 68), false, NOW);
        assertEquals(DhcpMessageType.ACK, s.reply().messageType().orElseThrow());
        assertEquals(ip("0.0.0.0"), s.reply().yiaddr());
        assertFalse(s.reply().options().contains(OptionKey.LEASE_TIME));
        assertEquals(List.of(SERVER), s.reply().option(OptionKey.DNS_SERVERS).orElseThrow());
        assertEquals(new InetSocketAddress(ip("10.0.0.50"), 68), s.to());
        assertNull(s.durableFirst());
    }

    @Test
    void bootReplyAndMissingMessageTypeAreIgnoredWithReasons() {
        DhcpProcessor p = processor(config().build());
        DhcpMessage udhcpc = decode(ClientPackets.UDHCPC_DISCOVER);
        assertEquals(new IgnoreReason.NotARequest(),
                ((Outcome.Ignore) p.process(udhcpc.toBuilder().op(DhcpOp.BOOTREPLY).build(), FROM_CLIENT, false, NOW)).reason());
        DhcpMessage bootp = udhcpc.toBuilder().options(udhcpc.options().toBuilder().remove(OptionKey.MESSAGE_TYPE).build()).build();
        assertEquals(new IgnoreReason.NoMessageType(), ((Outcome.Ignore) p.process(bootp, FROM_CLIENT, false, NOW)).reason());
    }

    @Test
    void poolExhaustionByAFloodNeverTouchesReservations() {
        DhcpProcessor p = processor(config().unknownClients(UnknownClients.POOL).build());
        DhcpMessage template = decode(ClientPackets.UDHCPC_DISCOVER);
        List<Inet4Address> given = new ArrayList<>();
        int exhausted = 0;
        for (int i = 0; i < 200; i++) {
            DhcpMessage d = withMac(template, String.format("02:00:00:00:%02x:%02x", i >> 8, i & 0xff));
            Outcome o = p.process(d, FROM_CLIENT, false, NOW);
            if (o instanceof Outcome.Send s) {
                given.add(s.reply().yiaddr());
            } else {
                assertEquals(new IgnoreReason.PoolExhausted(), ((Outcome.Ignore) o).reason());
                exhausted++;
            }
        }
        assertEquals(List.of(ip("10.0.0.100"), ip("10.0.0.101")), given, "held offers are not given twice");
        assertEquals(198, exhausted);
        Outcome.Send node = (Outcome.Send) p.process(template, FROM_CLIENT, false, NOW);
        assertEquals(ip("10.0.0.10"), node.reply().yiaddr());
    }

    @Test
    void replyFitsTheClientsMaximumMessageSize() {
        DhcpServerConfig c = config().domain("d".repeat(200)).ntpServers(List.of(SERVER)).build();
        DhcpMessage discover = decode(ClientPackets.IPXE_DISCOVER).toBuilder()
                .option(OptionKey.MAX_MESSAGE_SIZE, 576).build();
        DhcpMessage p = processor(c).process(discover, FROM_CLIENT, false, NOW) instanceof Outcome.Send s ? s.reply() : null;
        assertNotNull(p);
        assertTrue(DhcpCodec.encodedLength(p) <= 548, "fits 576 - 28: " + DhcpCodec.encodedLength(p));
        assertTrue(p.options().contains(OptionKey.BOOT_FILE_NAME), "boot options are kept");
        assertTrue(p.options().contains(OptionKey.SUBNET_MASK));
    }

    @Test
    void switchingThePolicyAtRunTimeTakesEffectForTheNextRequest() {
        DhcpProcessor p = processor(config().build());
        DhcpMessage other = withMac(decode(ClientPackets.UDHCPC_DISCOVER), "02:00:00:00:00:0a");
        assertInstanceOf(Outcome.Ignore.class, p.process(other, FROM_CLIENT, false, NOW));
        policy.set(StaticAddressPolicy.of(List.of(new Reservation(MacAddress.parse("02:00:00:00:00:0a"), ip("10.0.0.11"), "node-001"))));
        assertEquals(ip("10.0.0.11"), ((Outcome.Send) p.process(other, FROM_CLIENT, false, NOW)).reply().yiaddr());
    }

    @Test
    void proxyOffersBootInformationOnlyToPxeClients() {
        DhcpProcessor p = processor(config().proxy(true).build());
        DhcpMessage ovmf = decode(ClientPackets.OVMF_PXE_DISCOVER);
        Outcome.Send s = (Outcome.Send) p.process(ovmf, FROM_CLIENT, false, NOW);
        DhcpMessage offer = s.reply();
        assertEquals(ip("0.0.0.0"), offer.yiaddr(), "proxyDHCP gives no address");
        assertFalse(offer.options().contains(OptionKey.LEASE_TIME));
        assertFalse(offer.options().contains(OptionKey.SUBNET_MASK));
        assertEquals("PXEClient", offer.option(OptionKey.VENDOR_CLASS).orElseThrow());
        assertTrue(offer.options().contains(OptionKey.VENDOR_SPECIFIC));
        assertTrue(offer.options().contains(OptionKey.CLIENT_UUID));
        assertEquals(SERVER, offer.option(OptionKey.SERVER_ID).orElseThrow());
        assertEquals("ipxe.efi", offer.bootFile());

        assertEquals(new IgnoreReason.NotForProxy(),
                ((Outcome.Ignore) p.process(decode(ClientPackets.UDHCPC_DISCOVER), FROM_CLIENT, false, NOW)).reason());

        DhcpMessage req4011 = ovmf.toBuilder().messageType(DhcpMessageType.REQUEST).ciaddr(ip("192.168.1.50")).build();
        Outcome.Send ack = (Outcome.Send) p.process(req4011, new InetSocketAddress(ip("192.168.1.50"), 4011), true, NOW);
        assertEquals(DhcpMessageType.ACK, ack.reply().messageType().orElseThrow());
        assertEquals(new InetSocketAddress(ip("192.168.1.50"), 4011), ack.to());
        assertEquals("ipxe.efi", ack.reply().bootFile());

        DhcpMessage ipxe = decode(ClientPackets.IPXE_DISCOVER);
        DhcpMessage ipxeOffer = ((Outcome.Send) p.process(ipxe, FROM_CLIENT, false, NOW)).reply();
        assertEquals("PXEClient", ipxeOffer.option(OptionKey.VENDOR_CLASS).orElseThrow(), "iPXE takes proxy offers only with PXEClient");
        assertFalse(ipxeOffer.options().contains(OptionKey.IPXE_ENCAP), "no no-pxedhcp: we are the proxy");
    }
}
