package org.bootnode.storm;

import java.net.Inet4Address;
import java.util.List;
import org.bootnode.dhcp.DhcpMessage;
import org.bootnode.dhcp.DhcpMessageType;
import org.bootnode.dhcp.DhcpOptions;
import org.bootnode.dhcp.OptionKey;

/**
 * The DHCP requests of a simulated node, as its firmware would send them, relayed: giaddr set and
 * hops 1, as a relay agent forwards them (RFC 2131 §4.1, RFC 1542 §4.1.1). Pure functions.
 *
 * <p>PXE firmware (PXE 2.1 §2.2.1) sends 60 {@code PXEClient:Arch:...}, 93, 94 and 97; iPXE sends
 * the same plus 77 {@code iPXE}, 175 (its feature list) and 61 (hardware type and MAC), see
 * iPXE's {@code net/udp/dhcp.c}.
 */
final class DhcpRequests {
    /** Which program is asking: the NIC's PXE ROM, or iPXE after it was loaded. */
    enum Firmware { PXE, IPXE }

    private static final int MAX_MESSAGE_SIZE = 1472;
    // 175 as iPXE 1.21 sends it: a feature flag per sub-option (HTTP 0x13, DNS 0x17, TFTP 0x15,
    // bzImage 0x18, PXE 0x21, ELF 0x22, EFI 0x24), value 1 each; iPXE's include/ipxe/dhcp.h.
    private static final byte[] IPXE_FEATURES = {0x13, 1, 1, 0x15, 1, 1, 0x17, 1, 1, 0x18, 1, 1, 0x21, 1, 1, 0x22, 1, 1};
    private static final List<Integer> PXE_PARAMETERS = List.of(1, 2, 3, 4, 5, 6, 11, 12, 13, 15, 16, 17, 18, 22, 23, 28,
            40, 41, 42, 43, 50, 51, 54, 58, 59, 60, 66, 67, 97, 128, 129, 130, 131, 132, 133, 134, 135);
    private static final List<Integer> IPXE_PARAMETERS = List.of(1, 3, 6, 7, 12, 15, 17, 26, 43, 60, 66, 67, 119, 128, 129,
            130, 131, 132, 133, 134, 135, 175, 203);

    private DhcpRequests() {}

    static DhcpMessage discover(SimulatedNode node, Firmware fw, int xid, int secs, Inet4Address relay) {
        return base(node, fw, xid, secs, relay, DhcpMessageType.DISCOVER).build();
    }

    /** REQUEST in SELECTING state (RFC 2131 §4.3.2): 50 and 54 from the offer, ciaddr zero. */
    static DhcpMessage request(SimulatedNode node, Firmware fw, int xid, int secs, Inet4Address relay, DhcpMessage offer) {
        DhcpMessage.Builder b = base(node, fw, xid, secs, relay, DhcpMessageType.REQUEST);
        DhcpOptions.Builder o = b.build().options().toBuilder()
                .put(OptionKey.REQUESTED_ADDRESS, offer.yiaddr());
        offer.option(OptionKey.SERVER_ID).ifPresent(id -> o.put(OptionKey.SERVER_ID, id));
        return b.options(o.build()).build();
    }

    private static DhcpMessage.Builder base(SimulatedNode node, Firmware fw, int xid, int secs, Inet4Address relay,
                                            DhcpMessageType type) {
        DhcpOptions.Builder o = DhcpOptions.builder()
                .put(OptionKey.MESSAGE_TYPE, type.code())
                .put(OptionKey.MAX_MESSAGE_SIZE, MAX_MESSAGE_SIZE)
                .put(OptionKey.VENDOR_CLASS, node.pxeVendorClass())
                .put(OptionKey.CLIENT_ARCH, List.of(node.arch()))
                .put(OptionKey.CLIENT_NDI, new byte[] {1, 2, 1})
                .put(OptionKey.CLIENT_UUID, uuid(node));
        if (fw == Firmware.PXE) {
            o.put(OptionKey.PARAMETER_REQUEST_LIST, PXE_PARAMETERS);
        } else {
            byte[] mac = node.mac().bytes();
            byte[] clientId = new byte[1 + mac.length];
            clientId[0] = 1; // RFC 2132 §9.14: hardware type 1, Ethernet, then the MAC
            System.arraycopy(mac, 0, clientId, 1, mac.length);
            o.put(OptionKey.CLIENT_ID, clientId)
                    .put(OptionKey.USER_CLASS, new byte[] {'i', 'P', 'X', 'E'})
                    .putRaw(OptionKey.IPXE_ENCAP.code(), IPXE_FEATURES)
                    .put(OptionKey.PARAMETER_REQUEST_LIST, IPXE_PARAMETERS);
        }
        return DhcpMessage.builder()
                .xid(xid)
                .secs(Math.min(secs, 0xffff))
                .hops(1)
                .giaddr(relay)
                .clientMac(node.mac())
                .options(o.build());
    }

    /** Option 97 (RFC 4578 §2.3): type 0, then a 16-byte GUID, here derived from the MAC. */
    private static byte[] uuid(SimulatedNode node) {
        byte[] v = new byte[17];
        byte[] mac = node.mac().bytes();
        System.arraycopy(mac, 0, v, 11, mac.length);
        v[7] = 0x40; // version 4 in the GUID's time_hi field, as firmware GUIDs carry
        return v;
    }
}
