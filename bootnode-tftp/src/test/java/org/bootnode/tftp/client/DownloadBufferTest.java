package org.bootnode.tftp.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DownloadBufferTest {
    @Test
    void aFileOfTheAnnouncedSizeIsHeldOnceAndHandedOutWithoutACopy() throws IOException {
        DownloadBuffer b = new DownloadBuffer();
        b.expect(3000);
        byte[] block = new byte[1432];
        Arrays.fill(block, (byte) 7);
        b.write(block, 0, 1432);
        b.write(block, 0, 1432);
        b.write(block, 0, 136);
        byte[] out = b.bytes();
        assertEquals(3000, out.length);
        assertSame(out, b.bytes(), "the buffer itself, not a copy");
    }

    @Test
    void anAnnouncementPastTheBoundIsNotAllocatedAhead() throws IOException {
        DownloadBuffer b = new DownloadBuffer();
        b.expect(1L << 40); // a server's word: nothing allocated on it
        b.expect(DownloadBuffer.MAX_PRESIZE + 1L);
        b.write(new byte[] {1, 2, 3}, 0, 3);
        assertArrayEquals(new byte[] {1, 2, 3}, b.bytes());
    }

    @Test
    void aWrongAnnouncementStillGetsEveryByte() throws IOException {
        DownloadBuffer small = new DownloadBuffer();
        small.expect(2);
        for (int i = 0; i < 100; i++) {
            small.write(i);
        }
        assertEquals(100, small.size());
        assertEquals(99, small.bytes()[99]);
        DownloadBuffer large = new DownloadBuffer();
        large.expect(100);
        large.write(new byte[] {9, 8}, 0, 2);
        assertArrayEquals(new byte[] {9, 8}, large.bytes(), "a shorter file: the part used");
    }
}
