package org.bootnode.tftp;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutations of valid packets (truncations, bit flips, byte overwrites, insertions, splices)
 * through the decoder: every one decodes to a packet or fails with
 * {@link TftpProtocolException}, nothing else, from a byte array and from a sliced buffer.
 * {@code -Dtftp.fuzz.packets=N} sets the count (a full run: 1000000; by default 50000).
 */
public class TftpCodecFuzzTest {
    static final int PACKETS = Integer.getInteger("tftp.fuzz.packets", 50_000);

    static final List<byte[]> SEEDS = List.of(
            TftpCodec.encode(Request.read("undionly.kpxe", TftpOptions.builder().put("blksize", 1432).put("tsize", 0).build())),
            TftpCodec.encode(new Request(Opcode.WRQ, "up/file", TransferMode.NETASCII, TftpOptions.builder().put("windowsize", 16).build())),
            TftpCodec.encode(new OptionAck(TftpOptions.builder().put("blksize", 1468).put("timeout", 6).build())),
            TftpCodec.encode(new Ack(65535)),
            TftpCodec.encode(new ErrorPacket(TftpErrorCode.OPTION_REFUSED, "tsize probe")),
            TftpCodec.encode(Data.of(7, new byte[] {1, 2, 3, 0, 0})));

    @Test
    void mutatedPacketsDecodeOrFailWithTheProtocolExceptionOnly() {
        long seed = Long.getLong("tftp.fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int i = 0; i < PACKETS; i++) {
            byte[] b = mutate(SEEDS.get(random.nextInt(SEEDS.size())), random);
            decode(b, seed);
            // The same bytes inside a larger buffer, read through a slice: the decoder must stay in its bounds.
            byte[] padded = new byte[b.length + 8];
            Arrays.fill(padded, (byte) 'x');
            System.arraycopy(b, 0, padded, 4, b.length);
            ByteBuffer slice = ByteBuffer.wrap(padded, 4, b.length).slice();
            try {
                TftpCodec.decode(slice);
            } catch (TftpProtocolException expected) {
                // the one exception type
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ": " + HexFormat.of().formatHex(b), e);
            }
        }
    }

    private static void decode(byte[] b, long seed) {
        try {
            TftpCodec.decode(b);
        } catch (TftpProtocolException expected) {
            // the one exception type
        } catch (RuntimeException e) {
            fail("seed " + seed + " (-Dtftp.fuzz.seed): " + HexFormat.of().formatHex(b) + " threw " + e, e);
        }
    }

    /** One to four random mutations of {@code in} (also used by SoakIT). */
    public static byte[] mutate(byte[] in, Random random) {
        byte[] b = in.clone();
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds; r++) {
            switch (random.nextInt(5)) {
                case 0 -> b = Arrays.copyOf(b, random.nextInt(b.length + 1));
                case 1 -> {
                    if (b.length > 0) {
                        b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 2 -> {
                    if (b.length > 0) {
                        b[random.nextInt(b.length)] = (byte) (random.nextBoolean() ? 0 : random.nextInt(256));
                    }
                }
                case 3 -> {
                    int at = random.nextInt(b.length + 1);
                    byte[] more = new byte[random.nextInt(16)];
                    random.nextBytes(more);
                    byte[] c = new byte[b.length + more.length];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(more, 0, c, at, more.length);
                    System.arraycopy(b, at, c, at + more.length, b.length - at);
                    b = c;
                }
                default -> {
                    byte[] other = SEEDS.get(random.nextInt(SEEDS.size()));
                    int cut = random.nextInt(b.length + 1);
                    int from = random.nextInt(other.length + 1);
                    byte[] c = Arrays.copyOf(b, cut + other.length - from);
                    System.arraycopy(other, from, c, cut, other.length - from);
                    b = c;
                }
            }
        }
        return b;
    }
}
