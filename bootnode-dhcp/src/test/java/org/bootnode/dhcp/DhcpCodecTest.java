package org.bootnode.dhcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bootnode.dhcp.internal.Inet4;
import org.junit.jupiter.api.Test;

class DhcpCodecTest {
    static final MacAddress MAC = MacAddress.parse("fc:ab:14:e8:66:01");

    static Inet4Address ip(String s) {
        return Inet4.parse(s);
    }

    @Test
    void decodesUdhcpcDiscoverFieldByField() throws Exception {
        DhcpMessage m = DhcpCodec.decode(ClientPackets.UDHCPC_DISCOVER);
        assertEquals(DhcpOp.BOOTREQUEST, m.op());
        assertEquals(1, m.htype());
        assertEquals(6, m.hlen());
        assertEquals(0xd8872570, m.xid());
        assertFalse(m.broadcast());
        assertEquals(MAC, m.clientMac());
        assertEquals(DhcpMessageType.DISCOVER, m.messageType().orElseThrow());
        assertEquals(576, m.option(OptionKey.MAX_MESSAGE_SIZE).orElseThrow());
        assertEquals(List.of(1, 3, 6, 12, 15, 28, 42), m.option(OptionKey.PARAMETER_REQUEST_LIST).orElseThrow());
        assertEquals("node-000", m.option(OptionKey.HOST_NAME).orElseThrow());
        assertEquals("udhcp 1.35.0", m.option(OptionKey.VENDOR_CLASS).orElseThrow());
        assertArrayEquals(Golden.bytes("01 fcab14e86601"), m.option(OptionKey.CLIENT_ID).orElseThrow());
        assertEquals(6, m.options().size());
    }

    @Test
    void decodesDhclientAndDhcpcdDiscovers() throws Exception {
        DhcpMessage d = DhcpCodec.decode(ClientPackets.DHCLIENT_DISCOVER);
        assertEquals(0x17b48162, d.xid());
        assertEquals("vm", d.option(OptionKey.HOST_NAME).orElseThrow());
        assertEquals(13, d.option(OptionKey.PARAMETER_REQUEST_LIST).orElseThrow().size());

        DhcpMessage c = DhcpCodec.decode(ClientPackets.DHCPCD_DISCOVER);
        assertEquals(1472, c.option(OptionKey.MAX_MESSAGE_SIZE).orElseThrow());
        assertTrue(c.option(OptionKey.VENDOR_CLASS).orElseThrow().startsWith("dhcpcd-9.4.1:Linux"));
        assertArrayEquals(new byte[] {1}, c.options().raw(145).orElseThrow(), "unknown option kept as bytes");
        assertArrayEquals(new byte[] {1}, c.options().raw(116).orElseThrow());
    }

    @Test
    void reencodedClientPacketsDecodeToTheSameMessage() throws Exception {
        for (byte[] p : List.of(ClientPackets.UDHCPC_DISCOVER, ClientPackets.DHCLIENT_DISCOVER, ClientPackets.DHCPCD_DISCOVER)) {
            DhcpMessage m = DhcpCodec.decode(p);
            assertEquals(m, DhcpCodec.decode(DhcpCodec.encode(m)));
        }
    }

    /** An OFFER as bootnode writes it, byte by byte. */
    @Test
    void encodesOfferExactly() {
        DhcpMessage offer = DhcpMessage.builder()
                .op(DhcpOp.BOOTREPLY).xid(0x01020304).broadcast(true).clientMac(MAC)
                .yiaddr(ip("10.0.0.10")).siaddr(ip("10.0.0.1")).bootFile("undionly.kpxe")
                .option(OptionKey.SERVER_ID, ip("10.0.0.1"))
                .option(OptionKey.MESSAGE_TYPE, 2)
                .option(OptionKey.LEASE_TIME, Duration.ofHours(12))
                .option(OptionKey.SUBNET_MASK, ip("255.255.255.0"))
                .option(OptionKey.RELAY_AGENT_INFO, SubOptions.of(List.of(new SubOptions.Entry(1, new byte[] {7})), false))
                .option(OptionKey.VENDOR_CLASS, "PXEClient")
                .build();
        byte[] expected = Golden.bytes("""
                02 01 06 00  01020304  0000 8000     // BOOTREPLY, xid, secs, broadcast flag
                00000000 0a00000a 0a000001 00000000  // ciaddr, yiaddr 10.0.0.10, siaddr 10.0.0.1, giaddr
                fcab14e86601 00*10
                00*64
                756e64696f6e6c792e6b707865 00*115     // file "undionly.kpxe"
                63825363
                35 01 02                   // 53 first
                01 04 ffffff00             // then by code: 1 mask
                33 04 0000a8c0             // 51 lease 43200 s
                36 04 0a000001             // 54 server id
                3c 09 505845436c69656e74   // 60 "PXEClient"
                52 03 01 01 07             // 82 last
                ff
                00*22                      // pad to 300
                """);
        assertEquals(Golden.hex(expected), Golden.hex(DhcpCodec.encode(offer)));
        assertEquals(300, expected.length);
    }

    @Test
    void joinsRepeatedOptionsAndSplitsLongOnes() throws Exception {
        byte[] p = Arrays.copyOf(ClientPackets.DHCLIENT_DISCOVER, 300);
        byte[] opts = Golden.bytes("35 01 01  2b 02 aabb  0c 01 76  2b 01 cc  ff");
        Arrays.fill(p, 240, 300, (byte) 0);
        System.arraycopy(opts, 0, p, 240, opts.length);
        DhcpMessage m = DhcpCodec.decode(p);
        assertArrayEquals(Golden.bytes("aabbcc"), m.options().raw(43).orElseThrow(), "RFC 3396 §5 concatenation");

        byte[] big = new byte[600];
        Arrays.fill(big, (byte) 0x5a);
        DhcpMessage withBig = m.toBuilder().options(m.options().toBuilder().putRaw(43, big).build()).build();
        byte[] enc = DhcpCodec.encode(withBig);
        assertEquals(DhcpCodec.encodedLength(withBig), 240 + 3 + 3 + 606 + 1);
        assertArrayEquals(big, DhcpCodec.decode(enc).options().raw(43).orElseThrow());
    }

    @Test
    void readsOptionsOverloadedIntoFileThenSname() throws Exception {
        byte[] p = Arrays.copyOf(ClientPackets.DHCLIENT_DISCOVER, 300);
        Arrays.fill(p, 240, 300, (byte) 0);
        System.arraycopy(Golden.bytes("35 01 01  34 01 03  ff"), 0, p, 240, 7);
        System.arraycopy(Golden.bytes("0c 02 6869 ff"), 0, p, 108, 5);        // file: host name "hi"
        System.arraycopy(Golden.bytes("0f 03 6c616e ff"), 0, p, 44, 6);       // sname: domain "lan"
        DhcpMessage m = DhcpCodec.decode(p);
        assertEquals("hi", m.option(OptionKey.HOST_NAME).orElseThrow());
        assertEquals("lan", m.option(OptionKey.DOMAIN_NAME).orElseThrow());
        assertFalse(m.options().contains(OptionKey.OVERLOAD));
        assertEquals("", m.bootFile());
        assertEquals("", m.serverName());
    }

    @Test
    void overloadInsideFileIsALoop() {
        byte[] p = Arrays.copyOf(ClientPackets.DHCLIENT_DISCOVER, 300);
        Arrays.fill(p, 240, 300, (byte) 0);
        System.arraycopy(Golden.bytes("35 01 01  34 01 01  ff"), 0, p, 240, 7);
        System.arraycopy(Golden.bytes("34 01 01 ff"), 0, p, 108, 4);
        DhcpDecodeException e = assertThrows(DhcpDecodeException.class, () -> DhcpCodec.decode(p));
        assertEquals("option 52", e.field());
        assertEquals(108, e.offset());
    }

    @Test
    void hlenOver16IsRejectedWithFieldAndOffset() {
        byte[] p = ClientPackets.UDHCPC_DISCOVER.clone();
        p[2] = 17;
        DhcpDecodeException e = assertThrows(DhcpDecodeException.class, () -> DhcpCodec.decode(p));
        assertEquals("hlen", e.field());
        assertEquals(2, e.offset());
    }

    @Test
    void optionLengthPastTheEndIsRejected() {
        byte[] p = Arrays.copyOf(ClientPackets.UDHCPC_DISCOVER, 289); // cut inside nothing: end option gone
        p[281] = 40; // option 61 (at 280) now claims 40 bytes
        DhcpDecodeException e = assertThrows(DhcpDecodeException.class, () -> DhcpCodec.decode(p));
        assertEquals("option 61", e.field());
        assertEquals(280, e.offset());
    }

    @Test
    void knownOptionWithWrongLengthIsRejected() {
        byte[] p = ClientPackets.UDHCPC_DISCOVER.clone();
        Arrays.fill(p, 240, 300, (byte) 0);
        System.arraycopy(Golden.bytes("35 01 01  36 03 0a0000  ff"), 0, p, 240, 9); // server id of 3 bytes
        DhcpDecodeException e = assertThrows(DhcpDecodeException.class, () -> DhcpCodec.decode(p));
        assertEquals("option 54 (server-identifier)", e.field());
        assertEquals(243, e.offset());
        assertEquals("option 54 (server-identifier) at offset 243: length 3 (expected: 4)", e.getMessage());
    }

    @Test
    void malformedOptionThatDoesNotChangeTheRequestIsKeptRawAndReadsAsAbsent() throws DhcpDecodeException {
        byte[] p = ClientPackets.UDHCPC_DISCOVER.clone();
        Arrays.fill(p, 240, 300, (byte) 0);
        System.arraycopy(Golden.bytes("35 01 01  5d 01 07  39 01 05  ff"), 0, p, 240, 10); // 93 and 57 of one byte
        DhcpMessage m = DhcpCodec.decode(p);
        assertEquals(Optional.empty(), m.option(OptionKey.CLIENT_ARCH));
        assertEquals(Optional.empty(), m.option(OptionKey.MAX_MESSAGE_SIZE));
        assertArrayEquals(new byte[] {7}, m.options().raw(93).orElseThrow());
        assertEquals(m, DhcpCodec.decode(DhcpCodec.encode(m)), "round-trips to the byte");
        System.arraycopy(Golden.bytes("35 02 0101  ff"), 0, p, 240, 5); // a message type of two bytes
        assertEquals("option 53 (message-type)", assertThrows(DhcpDecodeException.class, () -> DhcpCodec.decode(p)).field());
    }

    @Test
    void everyTruncationOfEveryGoldenPacketEndsCleanly() {
        for (byte[] golden : List.of(ClientPackets.UDHCPC_DISCOVER, ClientPackets.DHCLIENT_DISCOVER, ClientPackets.DHCPCD_DISCOVER)) {
            int decoded = 0;
            for (int n = 0; n < golden.length; n++) {
                try {
                    DhcpCodec.decode(Arrays.copyOf(golden, n));
                    decoded++;
                } catch (DhcpDecodeException expected) {
                    assertTrue(expected.offset() >= 0 && expected.offset() <= n);
                }
            }
            assertTrue(decoded < golden.length, "short packets must fail");
        }
    }

    @Test
    void everyBitFlipOfEveryGoldenPacketEndsCleanly() {
        for (byte[] golden : List.of(ClientPackets.UDHCPC_DISCOVER, ClientPackets.DHCLIENT_DISCOVER, ClientPackets.DHCPCD_DISCOVER)) {
            for (int bit = 0; bit < golden.length * 8; bit++) {
                byte[] p = golden.clone();
                p[bit / 8] ^= (byte) (1 << (bit % 8));
                try {
                    DhcpMessage m = DhcpCodec.decode(p);
                    assertEquals(m, DhcpCodec.decode(DhcpCodec.encode(m)));
                } catch (DhcpDecodeException expected) {
                    // a typed error is a clean result
                }
            }
        }
    }

    @Test
    void shortRepliesArePaddedTo300Bytes() {
        DhcpMessage m = DhcpMessage.builder().op(DhcpOp.BOOTREPLY).messageType(DhcpMessageType.NAK).build();
        assertEquals(DhcpCodec.MIN_PACKET, DhcpCodec.encode(m).length);
    }

    @Test
    void builderRejectsTooLongFileWithBoundsInMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DhcpMessage.builder().bootFile("x".repeat(128)));
        assertEquals("file: 128 bytes (expected: 0..127)", e.getMessage());
    }

    @Test
    void unknownMessageTypeIsKeptAndPrinted() {
        assertEquals("unknown(42)", DhcpMessageType.of(42).toString());
        assertEquals(DhcpMessageType.ACK, DhcpMessageType.of(5));
    }

    @Test
    void macParsesBothFormsAndPrintsColonLowerCase() {
        assertEquals(MAC, MacAddress.parse("FC-AB-14-E8-66-01"));
        assertEquals("fc:ab:14:e8:66:01", MAC.toString());
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("fc:ab:14"  + ":zz"));
    }
}
