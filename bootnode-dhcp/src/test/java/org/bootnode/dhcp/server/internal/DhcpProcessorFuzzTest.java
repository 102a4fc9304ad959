package org.bootnode.dhcp.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.bootnode.dhcp.ClientPackets;
import org.bootnode.dhcp.DhcpCodec;
import org.bootnode.dhcp.DhcpDecodeException;
import org.bootnode.dhcp.DhcpMessage;
import org.bootnode.dhcp.DhcpMessageType;
import org.bootnode.dhcp.DhcpOptions;
import org.bootnode.dhcp.FuzzCount;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.OptionKey;
import org.bootnode.dhcp.OptionValue;
import org.bootnode.dhcp.SubOptions;
import org.bootnode.dhcp.internal.Inet4;
import org.bootnode.dhcp.lease.AddressPolicy;
import org.bootnode.dhcp.lease.AddressRange;
import org.bootnode.dhcp.lease.InMemoryLeaseStore;
import org.bootnode.dhcp.lease.Lease;
import org.bootnode.dhcp.lease.Reservation;
import org.bootnode.dhcp.lease.StaticAddressPolicy;
import org.bootnode.dhcp.lease.Subnet;
import org.bootnode.dhcp.lease.UnknownClients;
import org.bootnode.dhcp.pxe.DefaultBootPolicy;
import org.bootnode.dhcp.server.DhcpServerConfig;
import org.bootnode.dhcp.server.DhcpSubnet;
import org.junit.jupiter.api.Test;

/**
 * The server's processor under a hostile mix ({@link FuzzCount} packets): well-formed requests of
 * every type from a small crowd of clients (shared MACs, client identifiers, hlen 0), the same
 * with bytes changed on the wire, and time moving on so that offers, leases and probations
 * expire. After every ACK: no address is bound to two identities. At the end: the maps stay
 * bounded and a normal client still gets its DISCOVER and REQUEST answered.
 */
class DhcpProcessorFuzzTest {
    static final Inet4Address SERVER = Inet4.parse("10.0.0.1");
    static final MacAddress NODE = MacAddress.parse("fc:ab:14:e8:66:01");
    static final Inet4Address RESERVED = Inet4.parse("10.0.0.10");
    /** Rack 2's reserved node: a reservation is by MAC, whatever client identifier it sends. */
    static final Inet4Address RESERVED_RACK2 = Inet4.parse("10.2.0.10");
    static final List<String> MACS = List.of("fc:ab:14:e8:66:01", "02:00:00:00:00:01", "02:00:00:00:00:02", "02:00:00:00:00:03",
            "02:00:00:00:00:04", "02:00:00:00:00:05", "02:00:00:00:00:06", "ff:ff:ff:ff:ff:ff", "00:00:00:00:00:00");
    static final List<String> IDS = List.of("01:02:00:00:00:00:01", "01:02:00:00:00:00:02", "ff:00:00:00:01", "ff:00:00:00:02",
            "01:fc:ab:14:e8:66:01", "00");
    static final List<Inet4Address> ADDRESSES = List.of(Inet4.parse("10.0.0.100"), Inet4.parse("10.0.0.101"),
            Inet4.parse("10.0.0.110"), Inet4.parse("10.0.0.115"), RESERVED, SERVER, Inet4.parse("10.0.0.0"),
            Inet4.parse("10.0.0.255"), Inet4.parse("192.168.1.1"), Inet4.parse("0.0.0.0"), Inet4.parse("10.1.0.100"),
            Inet4.parse("10.1.0.101"), Inet4.parse("10.2.0.107"), Inet4.parse("10.2.0.10"));
    /** Relays: of the server's subnet, of racks 1 and 2, and of a link no subnet covers. */
    static final List<Inet4Address> RELAYS = List.of(Inet4.parse("10.0.0.254"), Inet4.parse("10.1.0.1"), Inet4.parse("10.2.0.1"),
            Inet4.parse("192.168.9.1"));
    static final List<DhcpMessageType> TYPES = List.of(DhcpMessageType.DISCOVER, DhcpMessageType.REQUEST, DhcpMessageType.REQUEST,
            DhcpMessageType.DECLINE, DhcpMessageType.RELEASE, DhcpMessageType.INFORM, DhcpMessageType.of(99));

    static DhcpServerConfig config() {
        return DhcpServerConfig.builder().serverAddress(SERVER).subnet(Subnet.parse("10.0.0.0/24")).router(SERVER)
                .leaseTime(Duration.ofMinutes(10)).pool(new AddressRange(Inet4.parse("10.0.0.100"), Inet4.parse("10.0.0.115")))
                .subnets(List.of(rack(1), rack(2)))
                .unknownClients(UnknownClients.POOL).maxOffers(8).maxDeclined(4).declineProbation(Duration.ofMinutes(2)).build();
    }

    /** Rack {@code n}: 10.n.0.0/24 behind a relay at .1, a pool of 16 at .100. */
    static DhcpSubnet rack(int n) {
        return DhcpSubnet.builder(Subnet.parse("10." + n + ".0.0/24")).router(Inet4.parse("10." + n + ".0.1"))
                .leaseTime(Duration.ofMinutes(5 * n)).pool(AddressRange.parse("10." + n + ".0.100-10." + n + ".0.115"))
                .options(DhcpOptions.builder().put(OptionValue.parse("mtu", Integer.toString(1400 + n))).build()).build();
    }

    static DhcpMessage request(Random r, DhcpMessage template) {
        DhcpMessageType type = TYPES.get(r.nextInt(TYPES.size()));
        DhcpMessage.Builder b = template.toBuilder().xid(r.nextInt()).messageType(type);
        String mac = MACS.get(r.nextInt(MACS.size()));
        if (mac.startsWith("00") && r.nextBoolean()) {
            b.hlen(0).chaddr(new byte[16]);
        } else {
            b.clientMac(MacAddress.parse(mac));
        }
        b.options(template.options().toBuilder().remove(OptionKey.CLIENT_ID).remove(OptionKey.REQUESTED_ADDRESS)
                .remove(OptionKey.SERVER_ID).build());
        b.messageType(type);
        if (r.nextInt(3) == 0) {
            b.option(OptionKey.CLIENT_ID, HexFormat.ofDelimiter(":").parseHex(IDS.get(r.nextInt(IDS.size()))));
        }
        if (r.nextBoolean()) {
            b.option(OptionKey.REQUESTED_ADDRESS, ADDRESSES.get(r.nextInt(ADDRESSES.size())));
        }
        if (r.nextBoolean()) {
            b.option(OptionKey.SERVER_ID, r.nextInt(4) == 0 ? Inet4.parse("10.0.0.2") : SERVER);
        }
        if (r.nextInt(3) == 0) {
            b.ciaddr(ADDRESSES.get(r.nextInt(ADDRESSES.size())));
        }
        if (r.nextInt(5) == 0) {
            b.giaddr(RELAYS.get(r.nextInt(RELAYS.size())));
        }
        if (r.nextInt(20) == 0) { // link selection, sometimes naming another rack than giaddr
            b.option(OptionKey.RELAY_AGENT_INFO, SubOptions.of(List.of(new SubOptions.Entry(5,
                    RELAYS.get(r.nextInt(RELAYS.size())).getAddress())), false));
        }
        return b.build();
    }

    /**
     * The same client (RFC 2131 §4.2): the client identifiers decide when both have one; else the
     * hardware addresses, when they name someone (not all zeros). A reservation names its MAC.
     */
    static boolean sameIdentity(Lease held, Lease next) {
        boolean sameMac = held.mac().equals(next.mac()) && !Arrays.equals(next.mac().bytes(), new byte[next.mac().length()]);
        // A reservation is by MAC: its holder keeps its address whatever identifier it sends.
        if ((next.address().equals(RESERVED) || next.address().equals(RESERVED_RACK2)) && sameMac) {
            return true;
        }
        return held.clientId() != null && next.clientId() != null ? held.clientId().equals(next.clientId()) : sameMac;
    }

    @Test
    void hostileMixNeverBindsAnAddressToTwoIdentitiesAndTheServerStillAnswers() {
        long seed = FuzzCount.seed();
        Random r = new Random(seed);
        InMemoryLeaseStore leases = new InMemoryLeaseStore();
        DhcpServerConfig config = config();
        AtomicReference<AddressPolicy> policy = new AtomicReference<>(StaticAddressPolicy.ofPools(List.of(
                new Reservation(NODE, RESERVED, "node-000"),
                new Reservation(MacAddress.parse("02:00:00:00:00:06"), RESERVED_RACK2, "node-210",
                        DhcpOptions.builder().put(OptionValue.parse("mtu", "9000")).build())),
                config.pools(), UnknownClients.POOL));
        DhcpProcessor p = new DhcpProcessor(config, policy::get, DefaultBootPolicy.builder().nextServer(SERVER).build(), leases);
        DhcpMessage template = DhcpProcessorTest.decode(ClientPackets.UDHCPC_DISCOVER);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        int n = FuzzCount.packets();
        int acks = 0;
        int malformed = 0;
        for (int i = 0; i < n; i++) {
            now = now.plusMillis(r.nextInt(2000));
            DhcpMessage m = request(r, template);
            byte[] wire = null;
            try {
                if (r.nextInt(4) == 0) { // changed on the wire
                    wire = DhcpCodec.encode(m);
                    for (int k = 1 + r.nextInt(4); k > 0; k--) {
                        wire[r.nextInt(wire.length)] ^= (byte) (1 << r.nextInt(8));
                    }
                    try {
                        m = DhcpCodec.decode(wire);
                    } catch (DhcpDecodeException e) {
                        malformed++;
                        continue;
                    }
                }
                Outcome o = p.process(m, new InetSocketAddress(SERVER, 68), r.nextInt(50) == 0, now);
                if (o instanceof Outcome.Send s && s.event() == Outcome.Event.OFFER && r.nextInt(3) > 0) {
                    m = DhcpProcessorTest.request(m, s.reply().yiaddr(), SERVER); // the client takes the offer
                    o = p.process(m, new InetSocketAddress(SERVER, 68), false, now);
                }
                if (o instanceof Outcome.Send s && s.durableFirst() != null) {
                    Lease next = s.durableFirst();
                    Lease held = leases.byAddress(next.address()).orElse(null);
                    if (held != null && held.isActive(now) && held.state() == Lease.State.BOUND) {
                        assertTrue(sameIdentity(held, next), "two identities on " + next.address() + ": " + held + " and " + next);
                    }
                    assertTrue(next.clientId() != null || !next.mac().isUnspecified(), "a lease with no identity: " + next);
                    Inet4Address link = DhcpProcessor.clientLink(m).isAnyLocalAddress() ? SERVER : DhcpProcessor.clientLink(m);
                    assertTrue(config.subnetFor(link).orElseThrow().subnet().contains(next.address()),
                            next.address() + " outside the subnet of link " + link);
                    leases.put(next);
                    acks++;
                }
            } catch (Throwable t) {
                throw new AssertionError("seed " + seed + ", packet " + i + ": " + m
                        + (wire == null ? "" : " wire " + HexFormat.of().formatHex(wire)), t);
            }
        }
        assertTrue(p.offersHeld() <= config.maxOffers(), "offers: " + p.offersHeld());
        assertTrue(leases.all().size() <= 254, "leases: " + leases.all().size());
        Instant end = now;
        assertTrue(leases.all().stream().filter(l -> l.state() == Lease.State.DECLINED && l.isActive(end)).count() <= config.maxDeclined());
        // a normal client is still served: the reserved node's DORA
        DhcpMessage discover = DhcpProcessorTest.decode(ClientPackets.OVMF_PXE_DISCOVER);
        Outcome.Send offer = (Outcome.Send) p.process(discover, new InetSocketAddress(SERVER, 68), false, end);
        assertEquals(RESERVED, offer.reply().yiaddr());
        Outcome.Send ack = (Outcome.Send) p.process(DhcpProcessorTest.request(discover, RESERVED, SERVER),
                new InetSocketAddress(SERVER, 68), false, end);
        assertEquals(DhcpMessageType.ACK, ack.reply().messageType().orElseThrow());
        System.out.printf("processor fuzz: %d packets, %d acks, %d malformed, seed %d%n", n, acks, malformed, seed);
    }
}
