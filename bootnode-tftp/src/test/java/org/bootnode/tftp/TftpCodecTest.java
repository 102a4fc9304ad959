package org.bootnode.tftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class TftpCodecTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("[^0-9a-fA-F]", ""));
    }

    // iPXE's RRQ: opcode 1, "ipxe.efi\0", "octet\0", "blksize\01432\0", "tsize\00\0"
    static final String IPXE_RRQ = "0001" + "697078652e65666900" + "6f6374657400"
            + "626c6b73697a6500" + "3134333200" + "7473697a6500" + "3000";

    @Test
    void decodesIpxeReadRequestWithOptions() throws Exception {
        Request r = (Request) TftpCodec.decode(hex(IPXE_RRQ));
        assertEquals(Opcode.RRQ, r.opcode());
        assertEquals("ipxe.efi", r.filename());
        assertEquals(TransferMode.OCTET, r.mode());
        assertEquals(List.of("blksize", "tsize"), List.copyOf(r.options().names()));
        assertEquals("1432", r.options().get("BLKSIZE").orElseThrow());
        assertArrayEquals(hex(IPXE_RRQ), TftpCodec.encode(r));
    }

    @Test
    void modeAndOptionNamesAreCaseInsensitive() throws Exception {
        byte[] p = hex("0001 6100 4f6354655400 426c4b73497a4500 353132 00");
        Request r = (Request) TftpCodec.decode(p);
        assertEquals(TransferMode.OCTET, r.mode());
        assertEquals("512", r.options().get("blksize").orElseThrow());
        assertEquals("512", r.options().get("BlkSize").orElseThrow());
    }

    @Test
    void goldenVectorsBothWays() throws Exception {
        assertGolden("0003 0001 616263", Data.of(1, new byte[] {'a', 'b', 'c'}));
        assertGolden("0003 ffff", Data.of(65535, new byte[0]));
        assertGolden("0004 0000", new Ack(0));
        assertGolden("0004 1234", new Ack(0x1234));
        assertGolden("0005 0001 46696c65206e6f7420666f756e6400", new ErrorPacket(TftpErrorCode.FILE_NOT_FOUND, "File not found"));
        assertGolden("0005 0008 00", new ErrorPacket(TftpErrorCode.OPTION_REFUSED, ""));
        assertGolden("0006 7473697a6500 3132333400", new OptionAck(TftpOptions.builder().put("tsize", 1234).build()));
        assertGolden("0002 7570 00 6e65746173636969 00", new Request(Opcode.WRQ, "up", TransferMode.NETASCII, TftpOptions.empty()));
    }

    @Test
    void decodingAnAckAllocatesNothingButTheAck() throws Exception {
        // A server decodes one ACK per block it sends: 1.6 million in a 5,000-node storm.
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        ByteBuffer wire = ByteBuffer.allocateDirect(4).putShort((short) 4).putShort((short) 7).flip();
        int n = 100_000;
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += ((Ack) TftpCodec.decode(wire)).block();
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < n; i++) {
            sum += ((Ack) TftpCodec.decode(wire)).block();
        }
        long perAck = (threads.getCurrentThreadAllocatedBytes() - before) / n;
        assertEquals(7L * 2 * n, sum);
        assertEquals(0, wire.position());
        // An Ack is 16 bytes; a copy of Opcode.values() or a slice of the buffer would add 40-64.
        assertTrue(perAck <= 16, "bytes allocated per ACK decoded: " + perAck);
    }

    private static void assertGolden(String wire, TftpPacket packet) throws Exception {
        assertArrayEquals(hex(wire), TftpCodec.encode(packet));
        assertEquals(packet, TftpCodec.decode(hex(wire)));
    }

    @Test
    void everyTruncationOfAGoldenPacketIsRejectedOrShorter() throws Exception {
        byte[] full = hex(IPXE_RRQ);
        for (int len = 0; len < full.length; len++) {
            byte[] cut = Arrays.copyOf(full, len);
            try {
                TftpPacket p = TftpCodec.decode(cut);
                // A cut exactly after a NUL may still be a valid request with fewer options.
                Request r = (Request) p;
                assertEquals("ipxe.efi", r.filename());
            } catch (TftpProtocolException e) {
                assertEquals(true, e.offset() >= 0 && e.offset() <= len, e.getMessage());
            }
        }
    }

    @Test
    void bitFlipsNeverEscapeAsAnythingButTheProtocolException() {
        byte[] full = hex(IPXE_RRQ);
        for (int i = 0; i < full.length * 8; i++) {
            byte[] b = full.clone();
            b[i / 8] ^= (byte) (1 << (i % 8));
            try {
                TftpCodec.decode(b);
            } catch (TftpProtocolException expected) {
                // fine
            }
        }
    }

    @Test
    void unknownOpcodeIsIllegalOperation() {
        TftpProtocolException e = assertThrows(TftpProtocolException.class, () -> TftpCodec.decode(hex("0009 0000")));
        assertEquals(TftpErrorCode.ILLEGAL_OPERATION, e.errorCode());
        assertEquals("opcode", e.field());
        assertEquals(0, e.offset());
    }

    @Test
    void unknownModeNamesFieldAndOffset() {
        TftpProtocolException e = assertThrows(TftpProtocolException.class, () -> TftpCodec.decode(hex("0001 6100 62696e00")));
        assertEquals("mode", e.field());
        assertEquals(4, e.offset());
    }

    @Test
    void emptyFilenameIsRejected() {
        TftpProtocolException e = assertThrows(TftpProtocolException.class, () -> TftpCodec.decode(hex("0001 00 6f6374657400")));
        assertEquals("filename", e.field());
    }

    @Test
    void missingNulTerminatorsAreRejected() {
        assertEquals("filename", assertThrows(TftpProtocolException.class, () -> TftpCodec.decode(hex("0001 6162"))).field());
        assertEquals("mode", assertThrows(TftpProtocolException.class, () -> TftpCodec.decode(hex("0001 6100 6f63"))).field());
        assertEquals("option blksize", assertThrows(TftpProtocolException.class,
                () -> TftpCodec.decode(hex("0001 6100 6f6374657400 626c6b73697a6500 3531"))).field());
        assertEquals("errmsg", assertThrows(TftpProtocolException.class, () -> TftpCodec.decode(hex("0005 0001 6162"))).field());
    }

    @Test
    void duplicateOptionsAreRefusedWithError8() {
        TftpProtocolException e = assertThrows(TftpProtocolException.class,
                () -> TftpCodec.decode(hex("0001 6100 6f6374657400 626c6b73697a6500 353132 00 424c4b53495a4500 3130323400")));
        assertEquals(TftpErrorCode.OPTION_REFUSED, e.errorCode());
    }

    @Test
    void ackMustBeFourBytes() {
        assertThrows(TftpProtocolException.class, () -> TftpCodec.decode(hex("0004 00")));
        assertThrows(TftpProtocolException.class, () -> TftpCodec.decode(hex("0004 0001 00")));
    }

    @Test
    void dataLargerThanTheLargestBlockIsRejected() {
        byte[] huge = new byte[4 + TftpOptions.MAX_BLKSIZE + 1];
        huge[1] = 3;
        assertEquals("data", assertThrows(TftpProtocolException.class, () -> TftpCodec.decode(huge)).field());
    }

    @Test
    void unknownErrorCodesAreKept() throws Exception {
        ErrorPacket e = (ErrorPacket) TftpCodec.decode(hex("0005 002a 00"));
        assertEquals("unknown(42)", e.code().toString());
        assertEquals(42, e.code().code());
    }

    @Test
    void optionValuesThatAreNotNumbersAreRefused() {
        TftpOptions o = TftpOptions.builder().put("blksize", "12a").put("windowsize", "").build();
        assertEquals(TftpErrorCode.OPTION_REFUSED, assertThrows(TftpProtocolException.class, () -> o.number("blksize", 8, 65464)).errorCode());
        assertThrows(TftpProtocolException.class, () -> o.number("windowsize", 1, 65535));
    }

    @Test
    void builderRejectsNulInNames() {
        assertThrows(IllegalArgumentException.class, () -> TftpOptions.builder().put("a\0b", "1"));
        assertThrows(IllegalArgumentException.class, () -> new Request(Opcode.RRQ, "", TransferMode.OCTET, TftpOptions.empty()));
    }
}
