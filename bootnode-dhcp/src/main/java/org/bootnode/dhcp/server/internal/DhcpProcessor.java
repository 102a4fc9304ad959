package org.bootnode.dhcp.server.internal;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.bootnode.dhcp.ClientId;
import org.bootnode.dhcp.DhcpMessage;
import org.bootnode.dhcp.DhcpMessageType;
import org.bootnode.dhcp.DhcpOp;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.DhcpOptions;
import org.bootnode.dhcp.OptionKey;
import org.bootnode.dhcp.internal.ClientKey;
import org.bootnode.dhcp.internal.Inet4;
import org.bootnode.dhcp.lease.AddressDecision;
import org.bootnode.dhcp.lease.AddressPolicy;
import org.bootnode.dhcp.lease.AddressRequest;
import org.bootnode.dhcp.lease.AddressUsage;
import org.bootnode.dhcp.lease.Lease;
import org.bootnode.dhcp.lease.LeaseStore;
import org.bootnode.dhcp.pxe.BootDecision;
import org.bootnode.dhcp.pxe.BootPolicy;
import org.bootnode.dhcp.pxe.BootRequest;
import org.bootnode.dhcp.pxe.ClientClass;
import org.bootnode.dhcp.pxe.ClientClassifier;
import org.bootnode.dhcp.server.DhcpEvent;
import org.bootnode.dhcp.server.DhcpServerConfig;
import org.bootnode.dhcp.server.DhcpSubnet;
import org.bootnode.dhcp.server.IgnoreReason;

/**
 * The server's decisions for one request, with no I/O: classify the request by RFC 2131 §4.3
 * state, ask the policies, build the reply, route it. Reads the lease store and records offers,
 * declines and releases; bound leases are handed back to be made durable before the ACK leaves.
 */
public final class DhcpProcessor {
    private final DhcpServerConfig config;
    private final Supplier<AddressPolicy> addressPolicy;
    private final BootPolicy bootPolicy;
    private final LeaseStore leases;
    private final OfferTable offers;
    /** When each reserved address's conflict was last logged; bounded, only reserved addresses are keys. */
    private final Map<Inet4Address, Instant> reservedConflicts = new HashMap<>();
    private static final Duration RESERVED_CONFLICT_LOG_INTERVAL = Duration.ofMinutes(1);
    private static final int MAX_RESERVED_CONFLICTS = 4096;

    public DhcpProcessor(DhcpServerConfig config, Supplier<AddressPolicy> addressPolicy, BootPolicy bootPolicy, LeaseStore leases) {
        this.config = config;
        this.addressPolicy = addressPolicy;
        this.bootPolicy = bootPolicy;
        this.leases = leases;
        this.offers = new OfferTable(config.maxOffers());
    }

    /**
     * @param onProxyPort whether it arrived on the PXE boot server port (4011)
     */
    public Outcome process(DhcpMessage m, InetSocketAddress sender, boolean onProxyPort, Instant now) {
        if (m.op() != DhcpOp.BOOTREQUEST) {
            return new Outcome.Ignore(null, new IgnoreReason.NotARequest());
        }
        MacAddress mac = m.clientMac();
        Optional<DhcpMessageType> type = m.messageType();
        if (type.isEmpty()) {
            return new Outcome.Ignore(mac, new IgnoreReason.NoMessageType());
        }
        Optional<byte[]> rawId = m.option(OptionKey.CLIENT_ID);
        if (rawId.isPresent() && rawId.get().length > ClientId.MAX_LENGTH) {
            return new Outcome.Ignore(mac, new IgnoreReason.BadRequest("client identifier of " + rawId.get().length
                    + " bytes (expected: at most " + ClientId.MAX_LENGTH + ")"));
        }
        Client client = new Client(mac, ClientId.of(m).orElse(null));
        ClientClass cls = ClientClassifier.classify(m);
        if (config.proxy()) {
            return proxy(m, type.get(), mac, cls, sender, onProxyPort);
        }
        Inet4Address link = clientLink(m);
        DhcpSubnet subnet = config.subnetFor(link.isAnyLocalAddress() ? config.serverAddress() : link).orElse(null);
        if (subnet == null) {
            return new Outcome.Ignore(mac, new IgnoreReason.NoSubnet(link.isAnyLocalAddress() ? config.serverAddress() : link));
        }
        DhcpMessageType t = type.get();
        if (client.id() == null && mac.isUnspecified() && !t.equals(DhcpMessageType.INFORM)) {
            // §4.2: a lease is named by option 61 or chaddr; with neither, two such clients would share one.
            return new Outcome.Ignore(mac, new IgnoreReason.NoClientIdentity());
        }
        if (t.equals(DhcpMessageType.DISCOVER)) {
            return discover(m, subnet, client, cls, sender, now);
        } else if (t.equals(DhcpMessageType.REQUEST)) {
            return request(m, subnet, client, cls, sender, now);
        } else if (t.equals(DhcpMessageType.DECLINE)) {
            return decline(m, subnet, client, cls, now);
        } else if (t.equals(DhcpMessageType.RELEASE)) {
            return release(m, subnet, client, cls);
        } else if (t.equals(DhcpMessageType.INFORM)) {
            return inform(m, subnet, mac, cls, sender);
        }
        return new Outcome.Ignore(mac, new IgnoreReason.UnhandledType(t));
    }

    /** Who a request is from: its hardware address, and its client identifier (null: none). */
    private record Client(MacAddress mac, ClientId id) {
        ClientKey key() {
            return ClientKey.of(mac, id);
        }
    }

    private Outcome discover(DhcpMessage m, DhcpSubnet subnet, Client client, ClientClass cls, InetSocketAddress sender, Instant now) {
        MacAddress mac = client.mac();
        Inet4Address held = offers.heldFor(client.key(), now);
        // A retransmitted DISCOVER gets the address already offered (iPXE may see only the second offer).
        Inet4Address requested = held != null ? held : m.option(OptionKey.REQUESTED_ADDRESS).orElse(DhcpMessage.ANY);
        AddressDecision d = decideAddress(client, subnet, requested, now);
        if (d instanceof AddressDecision.Refuse r) {
            return refused(mac, subnet, cls, r);
        }
        AddressDecision.Assign a = (AddressDecision.Assign) d;
        Lease offered = new Lease(mac, client.id(), a.address(), a.hostName(), now.plus(subnet.leaseTime()), Lease.State.BOUND);
        if (!leases.canCommit(offered)) {
            // A shared store's database is away: the REQUEST could not be acked, and the address
            // may be given by another server meanwhile. Offer nothing; the client asks again.
            return new Outcome.Ignore(mac, new IgnoreReason.StoreUnavailable());
        }
        offers.put(client.key(), a.address(), now.plus(config.offerHold()));
        BootDecision boot = bootPolicy.decide(new BootRequest(mac, cls, a.address(), m));
        DhcpMessage reply = ReplyBuilder.offerOrAck(m, DhcpMessageType.OFFER, config, subnet, a.address(), subnet.leaseTime(),
                a.hostName(), a.options(), boot);
        return new Outcome.Send(reply, route(m, DhcpMessageType.OFFER, sender),
                Outcome.Event.OFFER, event(mac, a.address(), cls, boot, a.hostName(), subnet), null);
    }

    private Outcome request(DhcpMessage m, DhcpSubnet subnet, Client client, ClientClass cls, InetSocketAddress sender, Instant now) {
        MacAddress mac = client.mac();
        Optional<Inet4Address> serverId = m.option(OptionKey.SERVER_ID);
        Optional<Inet4Address> requested = m.option(OptionKey.REQUESTED_ADDRESS);
        Inet4Address wanted;
        if (serverId.isPresent()) { // SELECTING
            if (!serverId.get().equals(config.serverAddress())) {
                offers.remove(client.key()); // the client chose another server
                return new Outcome.Ignore(mac, new IgnoreReason.OtherServer(serverId.get()));
            }
            if (requested.isEmpty()) {
                return new Outcome.Ignore(mac, new IgnoreReason.BadRequest("SELECTING without option 50"));
            }
            wanted = requested.get();
        } else if (requested.isPresent() && m.ciaddr().isAnyLocalAddress()) { // INIT-REBOOT
            wanted = requested.get();
        } else if (!m.ciaddr().isAnyLocalAddress()) { // RENEWING (unicast) or REBINDING (broadcast)
            wanted = m.ciaddr();
        } else {
            return new Outcome.Ignore(mac, new IgnoreReason.BadRequest("no requested address and no ciaddr"));
        }
        AddressDecision d = decideAddress(client, subnet, wanted, now);
        if (d instanceof AddressDecision.Refuse r && r.why() == AddressDecision.Why.UNKNOWN_CLIENT) {
            return refused(mac, subnet, cls, r); // not authoritative for clients we do not know: stay silent
        }
        if (!subnet.subnet().contains(wanted) || !(d instanceof AddressDecision.Assign a) || !a.address().equals(wanted)) {
            // §4.3.2: the address is wrong for this client or this network
            DhcpMessage nak = ReplyBuilder.nak(m, config, "address " + wanted.getHostAddress() + " not available");
            offers.remove(client.key());
            return new Outcome.Send(nak, route(m, DhcpMessageType.NAK, sender),
                    Outcome.Event.NAK, event(mac, wanted, cls, BootDecision.none(), "", subnet), null);
        }
        offers.remove(client.key());
        BootDecision boot = bootPolicy.decide(new BootRequest(mac, cls, a.address(), m));
        DhcpMessage ack = ReplyBuilder.offerOrAck(m, DhcpMessageType.ACK, config, subnet, a.address(), subnet.leaseTime(),
                a.hostName(), a.options(), boot);
        Lease lease = new Lease(mac, client.id(), a.address(), a.hostName(), now.plus(subnet.leaseTime()), Lease.State.BOUND);
        return new Outcome.Send(ack, route(m, DhcpMessageType.ACK, sender),
                Outcome.Event.ACK, event(mac, a.address(), cls, boot, a.hostName(), subnet), lease);
    }

    /**
     * RFC 2131 §4.3.3: a DECLINE concerns the lease its sender holds. Only then is the address set
     * aside, for the probation period; a DECLINE for an address the sender does not hold is
     * ignored (Kea does the same), so no machine can take another's address away. A reserved
     * address is never set aside: no other client may have it, so its node keeps it and the
     * conflict is logged for the admin.
     */
    private Outcome decline(DhcpMessage m, DhcpSubnet subnet, Client client, ClientClass cls, Instant now) {
        MacAddress mac = client.mac();
        Optional<Inet4Address> serverId = m.option(OptionKey.SERVER_ID);
        if (serverId.isPresent() && !serverId.get().equals(config.serverAddress())) {
            return new Outcome.Ignore(mac, new IgnoreReason.OtherServer(serverId.get()));
        }
        Optional<Inet4Address> address = m.option(OptionKey.REQUESTED_ADDRESS);
        if (address.isEmpty() || !subnet.subnet().contains(address.get())) {
            return new Outcome.Ignore(mac, new IgnoreReason.BadRequest("DECLINE without an address of ours in option 50"));
        }
        Inet4Address declined = address.get();
        Lease held = leases.byAddress(declined).orElse(null);
        if (held == null || held.state() != Lease.State.BOUND || !held.isActive(now) || !held.belongsTo(mac, client.id())) {
            return new Outcome.Ignore(mac, new IgnoreReason.NotLeaseHolder(declined));
        }
        offers.remove(client.key());
        DhcpEvent detail = event(mac, declined, cls, BootDecision.none(), held.hostName(), subnet);
        if (decideAddress(client, subnet, declined, now) instanceof AddressDecision.Assign a && a.reserved() && a.address().equals(declined)) {
            // The node retries (DISCOVER, ACK, DECLINE) every few seconds: one warn line per address a minute.
            if (!firstConflictThisMinute(declined, now)) {
                return new Outcome.Noted(Outcome.Event.DECLINE, detail, null);
            }
            return new Outcome.Noted(Outcome.Event.DECLINE, detail, "DHCP DECLINE from " + mac + ": its reserved address "
                    + declined.getHostAddress() + " is in use by another machine; the address stays reserved to it, find the other machine");
        }
        Instant until = now.plus(config.declineProbation());
        makeRoomForDecline(now);
        leases.put(new Lease(mac, client.id(), declined, "", until, Lease.State.DECLINED));
        return new Outcome.Noted(Outcome.Event.DECLINE, detail, "DHCP DECLINE from " + mac + ": "
                + declined.getHostAddress() + " is in use by another machine; set aside until " + until);
    }

    private boolean firstConflictThisMinute(Inet4Address address, Instant now) {
        synchronized (reservedConflicts) {
            Instant last = reservedConflicts.get(address);
            if (last != null && now.isBefore(last.plus(RESERVED_CONFLICT_LOG_INTERVAL))) {
                return false;
            }
            if (reservedConflicts.size() >= MAX_RESERVED_CONFLICTS) {
                reservedConflicts.clear();
            }
            reservedConflicts.put(address, now);
            return true;
        }
    }

    /**
     * Keeps at most {@code maxDeclined} addresses on probation: past that, the one nearest the end
     * of its probation comes back first, so DECLINEs can never fence off more than that.
     */
    private void makeRoomForDecline(Instant now) {
        List<Lease> declined = new ArrayList<>();
        for (Lease l : leases.all()) {
            if (l.state() == Lease.State.DECLINED && l.isActive(now)) {
                declined.add(l);
            }
        }
        declined.sort(Comparator.comparing(Lease::expires));
        for (int i = 0; i <= declined.size() - config.maxDeclined(); i++) {
            Lease l = declined.get(i);
            leases.put(new Lease(l.mac(), l.clientId(), l.address(), "", now, Lease.State.DECLINED));
        }
    }

    private Outcome release(DhcpMessage m, DhcpSubnet subnet, Client client, ClientClass cls) {
        MacAddress mac = client.mac();
        Optional<Inet4Address> serverId = m.option(OptionKey.SERVER_ID);
        if (serverId.isPresent() && !serverId.get().equals(config.serverAddress())) {
            return new Outcome.Ignore(mac, new IgnoreReason.OtherServer(serverId.get()));
        }
        offers.remove(client.key());
        Lease held = leases.byClient(mac, client.id()).orElse(null);
        if (held == null || !held.address().equals(m.ciaddr())) {
            return new Outcome.Ignore(mac, new IgnoreReason.NotLeaseHolder(m.ciaddr()));
        }
        leases.release(mac, client.id(), m.ciaddr());
        return new Outcome.Noted(Outcome.Event.RELEASE, event(mac, m.ciaddr(), cls, BootDecision.none(), "", subnet), null);
    }

    private Outcome inform(DhcpMessage m, DhcpSubnet subnet, MacAddress mac, ClientClass cls, InetSocketAddress sender) {
        BootDecision boot = bootPolicy.decide(new BootRequest(mac, cls, m.ciaddr(), m));
        // §3.4: an INFORM gets configuration only: no yiaddr, no lease time.
        DhcpMessage ack = ReplyBuilder.offerOrAck(m, DhcpMessageType.ACK, config, subnet, DhcpMessage.ANY, null, "",
                DhcpOptions.empty(), boot);
        return new Outcome.Send(ack, route(m, DhcpMessageType.ACK, sender),
                Outcome.Event.INFORM, event(mac, m.ciaddr(), cls, boot, "", subnet), null);
    }

    private Outcome proxy(DhcpMessage m, DhcpMessageType t, MacAddress mac, ClientClass cls, InetSocketAddress sender,
                          boolean onProxyPort) {
        if (!cls.isBootClient()) {
            return new Outcome.Ignore(mac, new IgnoreReason.NotForProxy());
        }
        BootDecision boot = bootPolicy.decide(new BootRequest(mac, cls, DhcpMessage.ANY, m));
        if (boot.isNone()) {
            return new Outcome.Ignore(mac, new IgnoreReason.NotForProxy());
        }
        // A proxy offer must say PXEClient (or HTTPClient), or firmware and iPXE ignore it.
        BootDecision proxyBoot = BootDecision.of(boot.nextServer().orElse(null), boot.bootFile().orElseThrow(),
                boot.vendorClass().orElse("PXEClient"), boot.vendorClass().isEmpty() || boot.pxeSkipDiscovery(), false);
        if (!onProxyPort && t.equals(DhcpMessageType.DISCOVER)) {
            DhcpMessage offer = ReplyBuilder.offerOrAck(m, DhcpMessageType.OFFER, config, null, DhcpMessage.ANY, null, "",
                    DhcpOptions.empty(), proxyBoot);
            return new Outcome.Send(offer, route(m, DhcpMessageType.OFFER, sender),
                    Outcome.Event.OFFER, event(mac, DhcpMessage.ANY, cls, boot, "", null), null);
        }
        if (onProxyPort && (t.equals(DhcpMessageType.REQUEST) || t.equals(DhcpMessageType.INFORM))) {
            DhcpMessage ack = ReplyBuilder.offerOrAck(m, DhcpMessageType.ACK, config, null, DhcpMessage.ANY, null, "",
                    DhcpOptions.empty(), proxyBoot);
            return new Outcome.Send(ack, ReplyRouter.routeProxy(m, sender, config.clientPort()),
                    Outcome.Event.ACK, event(mac, DhcpMessage.ANY, cls, boot, "", null), null);
        }
        return new Outcome.Ignore(mac, new IgnoreReason.NotForProxy());
    }

    /**
     * The address that names the client's link: option 82 sub-option 5, link selection (RFC 3527),
     * else giaddr, else 0.0.0.0 for the served interface's own link. Only a relayed request
     * (giaddr set) is trusted with 82.5: a client on the server's own link could otherwise name
     * any rack and take its addresses (RFC 3046 §2.1: option 82 is the relay's to add).
     */
    static Inet4Address clientLink(DhcpMessage m) {
        if (m.giaddr().isAnyLocalAddress()) {
            return m.giaddr();
        }
        Optional<byte[]> selection = m.option(OptionKey.RELAY_AGENT_INFO).flatMap(info -> info.get(5));
        if (selection.isPresent() && selection.get().length == 4) {
            byte[] s = selection.get();
            return Inet4.of(((s[0] & 0xff) << 24) | ((s[1] & 0xff) << 16) | ((s[2] & 0xff) << 8) | (s[3] & 0xff));
        }
        return m.giaddr();
    }

    private InetSocketAddress route(DhcpMessage m, DhcpMessageType type, InetSocketAddress sender) {
        return ReplyRouter.route(m, type, sender, config.clientPort(), config.port());
    }

    private AddressDecision decideAddress(Client client, DhcpSubnet subnet, Inet4Address requested, Instant now) {
        Lease current = leases.byClient(client.mac(), client.id()).filter(l -> l.isActive(now)).orElse(null);
        ClientKey key = client.key();
        AddressUsage usage = address -> {
            if (address.equals(config.serverAddress())) {
                return false; // the server's own address, should a pool hold it
            }
            Optional<Lease> l = leases.byAddress(address);
            if (l.isPresent() && l.get().isActive(now)
                    && (l.get().state() == Lease.State.DECLINED || !l.get().belongsTo(client.mac(), client.id()))) {
                return false;
            }
            return !offers.isHeldForOther(address, key, now);
        };
        return addressPolicy.get().decide(new AddressRequest(client.mac(), client.id(), requested, subnet.subnet(), current), usage);
    }

    private static Outcome refused(MacAddress mac, DhcpSubnet subnet, ClientClass cls, AddressDecision.Refuse r) {
        return new Outcome.Ignore(mac, switch (r.why()) {
            case POOL_EXHAUSTED -> new IgnoreReason.PoolExhausted();
            case OTHER_SUBNET -> new IgnoreReason.ReservedOnOtherSubnet(subnet.name());
            case UNKNOWN_CLIENT -> new IgnoreReason.UnknownClient(subnet.name(), cls);
        });
    }

    private static DhcpEvent event(MacAddress mac, Inet4Address address, ClientClass cls, BootDecision boot, String host,
                                   DhcpSubnet subnet) {
        return new DhcpEvent(mac, address, cls.kind(), cls.arch(), boot.bootFile().orElse(""), host,
                subnet == null ? "" : subnet.name());
    }

    /** Offers held now: bounded by {@link DhcpServerConfig#maxOffers()}. */
    int offersHeld() {
        return offers.size();
    }

    Duration offerHold() {
        return config.offerHold();
    }
}
