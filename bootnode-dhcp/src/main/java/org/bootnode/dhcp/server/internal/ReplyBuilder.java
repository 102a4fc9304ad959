package org.bootnode.dhcp.server.internal;

import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bootnode.dhcp.DhcpCodec;
import org.bootnode.dhcp.DhcpMessage;
import org.bootnode.dhcp.DhcpMessageType;
import org.bootnode.dhcp.DhcpOptions;
import org.bootnode.dhcp.OptionKey;
import org.bootnode.dhcp.SubOptions;
import org.bootnode.dhcp.pxe.BootDecision;
import org.bootnode.dhcp.server.DhcpServerConfig;
import org.bootnode.dhcp.server.DhcpSubnet;

/**
 * Builds OFFER, ACK and NAK replies (RFC 2131 §4.3.1 table 3) with the PXE and iPXE options
 * that firmware needs, honouring the client's maximum message size. Pure functions.
 */
public final class ReplyBuilder {
    /** PXE option 43: discovery control 8 (boot the file in this offer), prompt timeout 0 "PXE", end. */
    static final byte[] PXE_SKIP_DISCOVERY = SubOptions.of(List.of(
            new SubOptions.Entry(6, new byte[] {8}),
            new SubOptions.Entry(10, new byte[] {0, 'P', 'X', 'E'})), true).toBytes();
    /** iPXE option 175.176 no-pxedhcp = 1: do not wait for proxyDHCP offers. */
    static final byte[] IPXE_NO_PXEDHCP = SubOptions.of(List.of(new SubOptions.Entry(176, new byte[] {1})), false).toBytes();

    /**
     * Options sent to every client, asked for or not: what bootnode always sent (RFC 2132's
     * basics, which many clients take without listing them in option 55).
     */
    private static final Set<Integer> ALWAYS = Set.of(1, 3, 6, 12, 15, 28, 42);

    /** Options only the protocol sets (RFC 2131, 3046, 6842): never taken from configured options. */
    private static final Set<Integer> PROTOCOL = Set.of(50, 51, 52, 53, 54, 55, 57, 58, 59, 61, 82);

    /** Options kept whatever the size limit says. */
    private static final Set<Integer> ESSENTIAL = Set.of(53, 54, 51, 58, 59, 1, 3, 43, 60, 61, 67, 82, 97, 175);

    private ReplyBuilder() {
    }

    /**
     * An OFFER or ACK.
     *
     * <p>Options in layers, later wins: the subnet's mask, broadcast address, routers, DNS
     * servers and domain, and the host name; then configured options (the server's, the
     * subnet's, the client's own), each sent when the client asked for it in option 55, is one
     * of {@link #ALWAYS} or is configured to be always sent (as Kea does); then what the
     * protocol sets (message type, server id, lease times), the boot options, the echoed
     * client id and option 82.
     *
     * @param subnet the client's subnet; null for a reply without address options (proxyDHCP)
     * @param yiaddr the address given, or 0.0.0.0 (INFORM, proxyDHCP)
     * @param leaseTime the lease time, or null for none (INFORM, proxyDHCP)
     * @param hostName the host name, or empty
     * @param clientOptions the client's own options (from its reservation), or empty
     */
    public static DhcpMessage offerOrAck(DhcpMessage request, DhcpMessageType type, DhcpServerConfig config, DhcpSubnet subnet,
                                         Inet4Address yiaddr, Duration leaseTime, String hostName, DhcpOptions clientOptions,
                                         BootDecision boot) {
        DhcpMessage.Builder reply = DhcpMessage.replyTo(request).yiaddr(yiaddr);
        if (type.equals(DhcpMessageType.ACK) && !request.ciaddr().isAnyLocalAddress()) {
            reply.ciaddr(request.ciaddr()); // RFC 2131 table 3: ACK carries ciaddr from the request
        }
        DhcpOptions.Builder o = DhcpOptions.builder();
        if (subnet != null) {
            o.put(OptionKey.SUBNET_MASK, subnet.subnet().mask());
            o.put(OptionKey.BROADCAST_ADDRESS, subnet.subnet().broadcast());
            if (!subnet.routers().isEmpty()) {
                o.put(OptionKey.ROUTER, subnet.routers());
            }
            if (!subnet.dnsServers().isEmpty()) {
                o.put(OptionKey.DNS_SERVERS, subnet.dnsServers());
            }
            subnet.domain().ifPresent(d -> o.put(OptionKey.DOMAIN_NAME, d));
            if (!hostName.isEmpty()) {
                o.put(OptionKey.HOST_NAME, hostName);
            }
            List<Integer> asked = request.option(OptionKey.PARAMETER_REQUEST_LIST).orElse(List.of());
            DhcpOptions configured = configured(config.options(), subnet.options(), clientOptions);
            for (int code : configured.codes()) {
                if (!PROTOCOL.contains(code) && (asked.contains(code) || ALWAYS.contains(code) || config.alwaysSend().contains(code))) {
                    o.putRaw(code, configured.raw(code).orElseThrow());
                }
            }
        }
        o.put(OptionKey.MESSAGE_TYPE, type.code()).put(OptionKey.SERVER_ID, config.serverAddress());
        if (leaseTime != null) {
            o.put(OptionKey.LEASE_TIME, leaseTime);
            o.put(OptionKey.RENEWAL_TIME, Duration.ofSeconds(leaseTime.getSeconds() / 2));
            o.put(OptionKey.REBINDING_TIME, Duration.ofSeconds(leaseTime.getSeconds() * 7 / 8));
        }
        addBoot(request, reply, o, boot, config.proxy());
        echoClientId(request, o);
        request.options().raw(OptionKey.RELAY_AGENT_INFO.code()).ifPresent(r -> o.putRaw(82, r)); // RFC 3046 §2.2
        return fit(request, reply.options(o.build()).build());
    }

    /** The three layers joined, later wins; no copy when only one has options (the usual case). */
    private static DhcpOptions configured(DhcpOptions server, DhcpOptions subnet, DhcpOptions client) {
        if (server.size() == 0 && client.size() == 0) {
            return subnet;
        }
        return server.toBuilder().putAll(subnet).putAll(client).build();
    }

    private static void addBoot(DhcpMessage request, DhcpMessage.Builder reply, DhcpOptions.Builder o,
                                BootDecision boot, boolean proxy) {
        if (boot.isNone()) {
            return;
        }
        boot.nextServer().ifPresent(ns -> {
            reply.siaddr(ns); // iPXE ignores option 66: siaddr is what it uses for relative names
            o.put(OptionKey.TFTP_SERVER_NAME, ns.getHostAddress());
        });
        String file = boot.bootFile().orElseThrow();
        if (file.getBytes(StandardCharsets.UTF_8).length <= 127) {
            reply.bootFile(file);
        }
        o.put(OptionKey.BOOT_FILE_NAME, file);
        boot.vendorClass().ifPresent(v -> o.put(OptionKey.VENDOR_CLASS, v));
        if (boot.pxeSkipDiscovery()) {
            o.putRaw(OptionKey.VENDOR_SPECIFIC.code(), PXE_SKIP_DISCOVERY);
        }
        if (boot.ipxeNoProxyWait() && !proxy) {
            o.putRaw(OptionKey.IPXE_ENCAP.code(), IPXE_NO_PXEDHCP);
        }
        request.options().raw(OptionKey.CLIENT_UUID.code()).ifPresent(u -> o.putRaw(97, u)); // PXE: echo the GUID
    }

    /** RFC 6842 §3: OFFER, ACK and NAK carry the client identifier the client sent, unchanged. */
    private static void echoClientId(DhcpMessage request, DhcpOptions.Builder o) {
        request.options().raw(OptionKey.CLIENT_ID.code()).ifPresent(id -> o.putRaw(OptionKey.CLIENT_ID.code(), id));
    }

    /** A NAK (RFC 2131 table 3): message type, server id, a message, the client id (RFC 6842), the relay options. */
    public static DhcpMessage nak(DhcpMessage request, DhcpServerConfig config, String message) {
        DhcpOptions.Builder o = DhcpOptions.builder()
                .put(OptionKey.MESSAGE_TYPE, DhcpMessageType.NAK.code())
                .put(OptionKey.SERVER_ID, config.serverAddress())
                .put(OptionKey.MESSAGE, message);
        echoClientId(request, o);
        request.options().raw(OptionKey.RELAY_AGENT_INFO.code()).ifPresent(r -> o.putRaw(82, r));
        DhcpMessage.Builder nak = DhcpMessage.replyTo(request).options(o.build());
        if (!request.giaddr().isAnyLocalAddress()) {
            // §4.3.2: through a relay the NAK carries the broadcast bit, so that the relay
            // broadcasts it: the client may not have a correct address or mask.
            nak.broadcast(true);
        }
        return nak.build();
    }

    /**
     * Drops options until the reply fits the client's maximum message size (option 57, at least
     * 576, minus 28 bytes of IP and UDP headers): first those it did not ask for, then those it
     * asked for last. Essential options stay.
     */
    static DhcpMessage fit(DhcpMessage request, DhcpMessage reply) {
        int maxIp = Math.max(DhcpCodec.MIN_MAX_MESSAGE, request.option(OptionKey.MAX_MESSAGE_SIZE).orElse(DhcpCodec.MIN_MAX_MESSAGE));
        int limit = Math.min(maxIp, 65535) - 28;
        if (DhcpCodec.encodedLength(reply) <= limit) {
            return reply;
        }
        List<Integer> prl = request.option(OptionKey.PARAMETER_REQUEST_LIST).orElse(List.of());
        List<Integer> dropOrder = new ArrayList<>();
        for (int code : reply.options().codes()) {
            if (!ESSENTIAL.contains(code) && !prl.contains(code)) {
                dropOrder.add(code);
            }
        }
        for (int i = prl.size() - 1; i >= 0; i--) {
            int code = prl.get(i);
            if (!ESSENTIAL.contains(code) && reply.options().contains(code) && !dropOrder.contains(code)) {
                dropOrder.add(code);
            }
        }
        DhcpOptions.Builder o = reply.options().toBuilder();
        DhcpMessage fitted = reply;
        for (int code : dropOrder) {
            o.remove(code);
            fitted = reply.toBuilder().options(o.build()).build();
            if (DhcpCodec.encodedLength(fitted) <= limit) {
                break;
            }
        }
        return fitted;
    }
}
