package org.bootnode.tftp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class TftpCodecPropertyTest {
    @Property(tries = 2000)
    void randomBytesDecodeOrFailWithTheProtocolExceptionOnly(@ForAll @Size(max = 600) byte[] bytes) {
        try {
            TftpPacket p = TftpCodec.decode(bytes);
            // Whatever decodes must encode back to the same bytes (nothing skipped silently),
            // except that option names are kept in lower case.
            if (!(p instanceof Request) && !(p instanceof OptionAck)) {
                assertEquals(HexFormat.of().formatHex(bytes), HexFormat.of().formatHex(TftpCodec.encode(p)));
            }
        } catch (TftpProtocolException expected) {
            // the one exception type
        }
    }

    @Property(tries = 1000)
    void randomRequestsStartingWithAValidOpcodeNeverThrowAnythingElse(
            @ForAll("opcodes") int opcode, @ForAll @Size(max = 300) byte[] rest) {
        byte[] b = new byte[rest.length + 2];
        b[1] = (byte) opcode;
        System.arraycopy(rest, 0, b, 2, rest.length);
        try {
            TftpCodec.decode(b);
        } catch (TftpProtocolException expected) {
            // fine
        }
    }

    @Provide
    Arbitrary<Integer> opcodes() {
        return Arbitraries.integers().between(1, 6);
    }

    @Property(tries = 1000)
    void optionSetsRoundTripThroughRequestsAndOacks(@ForAll("optionSets") TftpOptions options, @ForAll("names") String filename) throws Exception {
        Request r = new Request(Opcode.RRQ, filename, TransferMode.OCTET, options);
        assertEquals(r, TftpCodec.decode(TftpCodec.encode(r)));
        OptionAck o = new OptionAck(options);
        assertEquals(o, TftpCodec.decode(TftpCodec.encode(o)));
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withCharRange((char) 1, (char) 255).ofMinLength(1).ofMaxLength(40);
    }

    @Provide
    Arbitrary<TftpOptions> optionSets() {
        Arbitrary<String> name = Arbitraries.oneOf(
                Arbitraries.of("blksize", "TSIZE", "Timeout", "windowsize", "multicast"),
                Arbitraries.strings().withCharRange((char) 1, (char) 255).ofMinLength(1).ofMaxLength(12));
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 1L << 40).map(String::valueOf),
                Arbitraries.strings().withCharRange((char) 1, (char) 255).ofMaxLength(12));
        Arbitrary<List<String[]>> pairs = Combinators.combine(name, value).as((n, v) -> new String[] {n, v}).list().ofMaxSize(8);
        return pairs.map(list -> {
            TftpOptions.Builder b = TftpOptions.builder();
            for (String[] p : list) {
                b.put(p[0], p[1]);
            }
            return b.build();
        });
    }
}
