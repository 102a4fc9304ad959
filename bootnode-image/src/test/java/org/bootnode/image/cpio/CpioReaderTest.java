package org.bootnode.image.cpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CpioReaderTest {
    private static final byte[] GOLDEN = CpioWriterTest.GOLDEN.getBytes(StandardCharsets.ISO_8859_1);

    static void readAll(byte[] bytes) throws IOException {
        CpioReader r = new CpioReader(new ByteArrayInputStream(bytes));
        for (CpioEntry e = r.next(); e != null; e = r.next()) {
            r.data().readAllBytes();
        }
    }

    @Test
    void everyTruncationIsAFormatError() {
        for (int n = 0; n < GOLDEN.length; n++) {
            byte[] cut = Arrays.copyOf(GOLDEN, n);
            assertThrows(CpioFormatException.class, () -> readAll(cut), "truncated to " + n);
        }
    }

    @Test
    void everyBitFlipGivesACleanResultOrAFormatError() {
        for (int i = 0; i < GOLDEN.length * 8; i++) {
            byte[] flipped = GOLDEN.clone();
            flipped[i / 8] ^= (byte) (1 << (i % 8));
            try {
                readAll(flipped);
            } catch (CpioFormatException expected) {
                assertTrue(expected.offset() >= 0 && expected.offset() <= GOLDEN.length, expected.getMessage());
            } catch (IOException e) {
                throw new AssertionError("bit " + i + ": " + e, e);
            }
        }
    }

    @Test
    void badMagicNamesFieldAndOffset() {
        byte[] bad = GOLDEN.clone();
        bad[5] = '7';
        CpioFormatException e = assertThrows(CpioFormatException.class, () -> readAll(bad));
        assertEquals("magic", e.field());
        assertEquals(0, e.offset());
    }

    @Test
    void badHexDigitNamesTheField() {
        byte[] bad = GOLDEN.clone();
        bad[6 + 8 * 6 + 3] = 'x'; // filesize
        CpioFormatException e = assertThrows(CpioFormatException.class, () -> readAll(bad));
        assertEquals("filesize", e.field());
        assertEquals(54, e.offset());
    }

    @Test
    void crcArchivesHaveTheirChecksumVerified() throws IOException {
        byte[] crc = GOLDEN.clone();
        crc[5] = '2';
        // check field of the first header: 'h' + 'i' = 0xd1
        byte[] sum = "000000d1".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(sum, 0, crc, 102, 8);
        crc[CpioWriterTest.GOLDEN.indexOf("070701", 10) + 5] = '2';
        readAll(crc);
        System.arraycopy("000000d2".getBytes(StandardCharsets.US_ASCII), 0, crc, 102, 8);
        CpioFormatException e = assertThrows(CpioFormatException.class, () -> readAll(crc));
        assertEquals("check", e.field());
    }
}
