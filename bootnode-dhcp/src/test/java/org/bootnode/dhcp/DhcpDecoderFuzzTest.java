package org.bootnode.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.bootnode.dhcp.pxe.ClientClassifier;
import org.junit.jupiter.api.Test;

/**
 * The decoders under random and mutated input ({@link FuzzCount} packets each): nothing but a
 * message or a {@link DhcpDecodeException} comes out of {@link DhcpCodec#decode}; a decoded
 * message reads every known option, classifies, and round-trips; {@link SubOptions#parseLenient}
 * never fails.
 */
class DhcpDecoderFuzzTest {
    static final List<byte[]> GOLDEN = List.of(ClientPackets.UDHCPC_DISCOVER, ClientPackets.DHCLIENT_DISCOVER,
            ClientPackets.DHCPCD_DISCOVER, ClientPackets.IPXE_DISCOVER, ClientPackets.OVMF_PXE_DISCOVER,
            ClientPackets.OVMF_HTTP_DISCOVER);

    /** A mutated golden packet, random option bytes after a golden header, or noise. */
    static byte[] packet(Random r) {
        int kind = r.nextInt(10);
        if (kind == 0) {
            byte[] b = new byte[r.nextInt(700)];
            r.nextBytes(b);
            return b;
        }
        byte[] g = GOLDEN.get(r.nextInt(GOLDEN.size()));
        if (kind <= 3) { // random option area, sometimes with overload and option codes the server reads
            byte[] p = Arrays.copyOf(g, 240 + r.nextInt(400));
            for (int i = 240; i < p.length; i++) {
                p[i] = (byte) (r.nextInt(4) == 0 ? new int[] {50, 52, 53, 54, 55, 57, 60, 61, 77, 82, 93, 97, 175, 255}[r.nextInt(14)]
                        : r.nextInt(256));
            }
            return p;
        }
        byte[] p = kind == 4 ? Arrays.copyOf(g, r.nextInt(g.length + 1)) : g.clone();
        int flips = 1 + r.nextInt(8);
        for (int i = 0; i < flips && p.length > 0; i++) {
            int at = r.nextInt(10) < 3 ? Math.min(p.length - 1, 240 + r.nextInt(Math.max(1, p.length - 240))) : r.nextInt(p.length);
            p[at] = (byte) (r.nextBoolean() ? r.nextInt(256) : p[at] ^ (1 << r.nextInt(8)));
        }
        return p;
    }

    @Test
    void decoderReturnsAMessageOrATypedErrorAndMessagesRoundTrip() {
        long seed = FuzzCount.seed();
        Random r = new Random(seed);
        int n = FuzzCount.packets();
        int decoded = 0;
        for (int i = 0; i < n; i++) {
            byte[] p = packet(r);
            try {
                DhcpMessage m;
                try {
                    m = DhcpCodec.decode(p);
                } catch (DhcpDecodeException expected) {
                    continue;
                }
                decoded++;
                for (int code = 0; code < 256; code++) {
                    Optional<OptionKey<?>> key = OptionKey.known(code);
                    if (key.isPresent()) {
                        m.option(key.get());
                    }
                    m.options().raw(code).ifPresent(SubOptions::parseLenient);
                }
                m.messageType();
                m.clientMac();
                ClientId.of(m);
                ClientClassifier.classify(m);
                m.toString();
                assertEquals(m, DhcpCodec.decode(DhcpCodec.encode(m)));
            } catch (Throwable t) {
                throw new AssertionError("seed " + seed + ", packet " + i + ": " + HexFormat.of().formatHex(p), t);
            }
        }
        System.out.printf("decoder fuzz: %d packets, %d decoded, seed %d%n", n, decoded, seed);
    }

    @Test
    void subOptionReaderNeverFails() {
        long seed = FuzzCount.seed();
        Random r = new Random(seed);
        for (int i = 0, n = FuzzCount.packets(); i < n; i++) {
            byte[] b = new byte[r.nextInt(300)];
            r.nextBytes(b);
            try {
                SubOptions s = SubOptions.parseLenient(b);
                s.entries().forEach(e -> e.code());
            } catch (Throwable t) {
                throw new AssertionError("seed " + seed + ", input " + i + ": " + HexFormat.of().formatHex(b), t);
            }
        }
    }
}
