package org.bootnode.tftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class NetasciiTest {
    @Test
    void lineFeedsBecomeCrLfAndBareCrBecomesCrNul() {
        assertArrayEquals("a\r\nb\r\0c".getBytes(StandardCharsets.ISO_8859_1),
                Netascii.encode("a\nb\rc".getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void decoderPairsACrAtTheEndOfABlockWithTheNextBlock() {
        Netascii.Decoder d = new Netascii.Decoder();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        d.decode(new byte[] {'x', '\r'}, 0, 2, out);
        d.decode(new byte[] {'\n', 'y', '\r'}, 0, 3, out);
        d.decode(new byte[] {0}, 0, 1, out);
        d.finish(out);
        assertArrayEquals("x\ny\r".getBytes(StandardCharsets.ISO_8859_1), out.toByteArray());
    }

    @Property(tries = 500)
    void decodeUndoesEncode(@ForAll byte[] host) {
        assertArrayEquals(host, Netascii.decode(Netascii.encode(host)));
    }
}
