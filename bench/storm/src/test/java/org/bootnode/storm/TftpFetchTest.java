package org.bootnode.storm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.bootnode.tftp.Data;
import org.bootnode.tftp.OptionAck;
import org.bootnode.tftp.TftpCodec;
import org.bootnode.tftp.TftpOptions;
import org.bootnode.tftp.client.TftpClient;
import org.bootnode.tftp.server.FileSource;
import org.bootnode.tftp.server.TftpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storm's lean TFTP read: against bootnode's TFTP server it gets a file's length right and
 * fails on an ERROR; against a scripted server it sends, packet for packet, what bootnode-tftp's
 * client sends (the RRQ, the ACK of the OACK, one ACK per block, the ACK resent after a
 * timeout, ERROR 5 to a stranger, the last ACK again while it lingers).
 */
class TftpFetchTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    @TempDir Path root;
    private Loops loops;

    @BeforeEach
    void start() {
        loops = new Loops(1);
    }

    @AfterEach
    void stop() {
        loops.shutdown();
    }

    @Test
    void readsAFileFromBootnodesServerCountingItsBytes() throws Exception {
        byte[] file = new byte[300_001];
        new Random(1).nextBytes(file);
        Files.write(root.resolve("undionly.kpxe"), file);
        try (TftpServer server = TftpServer.builder().bind(new InetSocketAddress(LOOPBACK, 0))
                .fileSource(FileSource.directory(root)).start()) {
            long got = TftpFetch.get(loops, new InetSocketAddress(LOOPBACK, 0), server.localAddress(), "undionly.kpxe",
                    1432, TIMEOUT, 6).get(20, TimeUnit.SECONDS);
            assertEquals(file.length, got);
            ExecutionException e = assertThrows(ExecutionException.class, () -> TftpFetch.get(loops,
                    new InetSocketAddress(LOOPBACK, 0), server.localAddress(), "missing", 1432, TIMEOUT, 6).get(20, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("ERROR 1"), e.toString());
        }
    }

    @Test
    void sendsWhatBootnodesTftpClientSends() throws Exception {
        List<String> lean = script(server -> TftpFetch.get(loops, new InetSocketAddress(LOOPBACK, 0), server, "ipxe.efi",
                1432, TIMEOUT, 6).thenApply(n -> (long) n));
        List<String> library = script(server -> TftpClient.builder().eventLoopGroup(loops.group())
                .localAddress(new InetSocketAddress(LOOPBACK, 0)).blockSize(1432).tsize(true).timeout(TIMEOUT).retries(6)
                .build().getAsync(server, "ipxe.efi").thenApply(b -> (long) b.length));
        assertEquals(library, lean);
        assertEquals(8, lean.size(), lean::toString);
    }

    /**
     * Plays a server: OACK, blocks 1 and 2, silence until the client resends ACK 2, a DATA from a
     * stranger, the short block 3, block 3 again. Returns what the client sent, in hex.
     */
    private List<String> script(Function<InetSocketAddress, CompletableFuture<Long>> fetch) throws Exception {
        List<String> sent = new ArrayList<>();
        try (DatagramSocket listen = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
             DatagramSocket tid = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
             DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            for (DatagramSocket s : List.of(listen, tid, stranger)) {
                s.setSoTimeout(5_000);
            }
            CompletableFuture<Long> result = fetch.apply((InetSocketAddress) listen.getLocalSocketAddress());
            DatagramPacket rrq = receive(listen, sent);
            InetSocketAddress client = (InetSocketAddress) rrq.getSocketAddress();
            byte[] block = new byte[1432];
            long size = 2L * block.length + 100;
            send(tid, client, TftpCodec.encode(new OptionAck(TftpOptions.builder().put(TftpOptions.BLKSIZE, 1432)
                    .put(TftpOptions.TSIZE, size).put(TftpOptions.TIMEOUT, 1).build())));
            receive(tid, sent);                                             // ACK 0
            send(tid, client, TftpCodec.encode(Data.of(1, block)));
            receive(tid, sent);                                             // ACK 1
            send(tid, client, TftpCodec.encode(Data.of(2, block)));
            receive(tid, sent);                                             // ACK 2
            receive(tid, sent);                                             // ACK 2 again, a timeout later
            send(stranger, client, TftpCodec.encode(Data.of(3, new byte[100])));
            receive(stranger, sent);                                        // ERROR 5
            send(tid, client, TftpCodec.encode(Data.of(3, new byte[100])));
            receive(tid, sent);                                             // ACK 3
            assertEquals(size, result.get(5, TimeUnit.SECONDS));
            send(tid, client, TftpCodec.encode(Data.of(3, new byte[100])));
            receive(tid, sent);                                             // ACK 3 again, lingering
        }
        return sent;
    }

    private static DatagramPacket receive(DatagramSocket s, List<String> sent) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        s.receive(p);
        sent.add(HexFormat.of().formatHex(p.getData(), 0, p.getLength()));
        return p;
    }

    private static void send(DatagramSocket s, InetSocketAddress to, byte[] packet) throws Exception {
        s.send(new DatagramPacket(packet, packet.length, to));
    }
}
