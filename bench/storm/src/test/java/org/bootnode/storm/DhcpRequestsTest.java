package org.bootnode.storm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.bootnode.dhcp.DhcpCodec;
import org.bootnode.dhcp.DhcpMessage;
import org.bootnode.dhcp.DhcpMessageType;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.OptionKey;
import org.junit.jupiter.api.Test;

class DhcpRequestsTest {
    static final SimulatedNode BIOS = SimulatedNode.of(0, SimulatedNode.DEFAULT_MAC_BASE, 2);
    static final SimulatedNode UEFI = SimulatedNode.of(1, SimulatedNode.DEFAULT_MAC_BASE, 2);

    @Test
    void nodesAreNumberedFromTheBaseAndEveryOtherIsUefi() {
        assertEquals(MacAddress.parse("02:00:00:00:00:01"), BIOS.mac());
        assertEquals(MacAddress.parse("02:00:00:00:00:02"), UEFI.mac());
        assertEquals(0, BIOS.arch());
        assertEquals(7, UEFI.arch());
        assertEquals(MacAddress.parse("02:00:00:00:01:00"), SimulatedNode.of(255, SimulatedNode.DEFAULT_MAC_BASE, 0).mac());
    }

    @Test
    void firmwareDiscoverIsRelayedWithPxeOptionsAndNoIpxeOnes() throws Exception {
        DhcpMessage m = DhcpCodec.decode(DhcpCodec.encode(
                DhcpRequests.discover(BIOS, DhcpRequests.Firmware.PXE, 0x1234, 3, StormNetwork.RELAY)));
        assertEquals(Optional.of(DhcpMessageType.DISCOVER), m.messageType());
        assertEquals(StormNetwork.RELAY, m.giaddr());
        assertEquals(1, m.hops());
        assertEquals(3, m.secs());
        assertEquals(BIOS.mac(), m.clientMac());
        assertEquals(Optional.of("PXEClient:Arch:00000:UNDI:002001"), m.option(OptionKey.VENDOR_CLASS));
        assertEquals(Optional.of(List.of(0)), m.option(OptionKey.CLIENT_ARCH));
        assertEquals(17, m.option(OptionKey.CLIENT_UUID).orElseThrow().length);
        assertFalse(m.options().contains(OptionKey.USER_CLASS));
        assertFalse(m.options().contains(OptionKey.IPXE_ENCAP));
    }

    @Test
    void ipxeRequestCarriesUserClass175AndTheOffersServerAndAddress() throws Exception {
        DhcpMessage offer = DhcpMessage.builder()
                .yiaddr(StormCommand.inet4("10.0.128.2"))
                .option(OptionKey.SERVER_ID, StormNetwork.SERVER)
                .build();
        DhcpMessage m = DhcpCodec.decode(DhcpCodec.encode(
                DhcpRequests.request(UEFI, DhcpRequests.Firmware.IPXE, 7, 0, StormNetwork.RELAY, offer)));
        assertEquals(Optional.of(DhcpMessageType.REQUEST), m.messageType());
        assertEquals(Optional.of("PXEClient:Arch:00007:UNDI:003016"), m.option(OptionKey.VENDOR_CLASS));
        assertArrayEquals("iPXE".getBytes(), m.option(OptionKey.USER_CLASS).orElseThrow());
        assertTrue(m.options().contains(OptionKey.IPXE_ENCAP));
        assertArrayEquals(new byte[] {1, 2, 0, 0, 0, 0, 2}, m.option(OptionKey.CLIENT_ID).orElseThrow());
        assertEquals(Optional.of(StormCommand.inet4("10.0.128.2")), m.option(OptionKey.REQUESTED_ADDRESS));
        assertEquals(Optional.of(StormNetwork.SERVER), m.option(OptionKey.SERVER_ID));
        assertEquals(DhcpMessage.ANY, m.ciaddr());
    }
}
