package org.bootnode.tftp.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bootnode.tftp.Ack;
import org.bootnode.tftp.Data;
import org.bootnode.tftp.ErrorPacket;
import org.bootnode.tftp.Opcode;
import org.bootnode.tftp.OptionAck;
import org.bootnode.tftp.Request;
import org.bootnode.tftp.TftpCodec;
import org.bootnode.tftp.TftpErrorCode;
import org.bootnode.tftp.TftpOptions;
import org.bootnode.tftp.TftpPacket;
import org.bootnode.tftp.TransferMode;
import org.bootnode.tftp.client.TftpClient;
import org.bootnode.tftp.client.TftpClientException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server on loopback, driven by our client and by raw datagrams. */
class TftpServerTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;
    Path root;
    RecordingListener listener = new RecordingListener();
    TftpServer server;
    TftpClient client;
    byte[] big;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(dir.resolve("root"));
        big = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        Files.write(root.resolve("empty"), new byte[0]);
        Files.writeString(root.resolve("text.txt"), "line one\nline two\r\n");
    }

    private TftpServer start(TftpServerConfig config, FileSource source) {
        server = TftpServer.builder()
                .bind(new InetSocketAddress(LOOPBACK, 0))
                .fileSource(source)
                .config(config)
                .listener(listener)
                .start();
        return server;
    }

    private TftpServer start() {
        return start(TftpServerConfig.builder().timeout(Duration.ofMillis(200)).build(), FileSource.directory(root));
    }

    private TftpClient client(int blksize, int window) {
        client = TftpClient.builder().blockSize(blksize).windowSize(window).timeout(Duration.ofMillis(300)).build();
        return client;
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void servesFilesAtManyBlockAndWindowSizes() throws Exception {
        start();
        int[][] cases = {{512, 1}, {1468, 1}, {1468, 16}, {8192, 4}, {65464, 1}, {8, 64}};
        for (int[] c : cases) {
            try (TftpClient cl = TftpClient.builder().blockSize(c[0]).windowSize(c[1]).build()) {
                byte[] want = c[0] == 8 ? Arrays.copyOf(big, 100_000) : big;
                if (c[0] == 8) {
                    Files.write(root.resolve("small.bin"), want);
                }
                byte[] got = cl.get(server.localAddress(), c[0] == 8 ? "small.bin" : "big.bin");
                assertArrayEquals(want, got, "blksize " + c[0] + " window " + c[1]);
            }
        }
        assertEquals(6, listener.finished.size());
        TransferSummary last = listener.finished.get(5);
        assertEquals(8, last.blockSize());
        assertEquals(64, last.windowSize());
        assertEquals(100_000, last.bytes());
    }

    @Test
    void blockNumbersRollOverPast65535() throws Exception {
        start();
        byte[] want = Arrays.copyOf(big, 70_000 * 8 + 5); // 70001 blocks of 8 bytes
        Files.write(root.resolve("roll.bin"), want);
        assertArrayEquals(want, client(8, 32).get(server.localAddress(), "roll.bin"));
    }

    /**
     * From blksize 8192 blocks go out from the page cache and the next one is read ahead while
     * the loop waits: a file ending on a block boundary ends with an empty DATA, nothing to read.
     */
    @Test
    void exactMultiplesOfTheBlockSizeFromThePageCache() throws Exception {
        start();
        byte[] two = Arrays.copyOf(big, 2 * 65464);
        byte[] eight = Arrays.copyOf(big, 8 * 8192);
        Files.write(root.resolve("two"), two);
        Files.write(root.resolve("eight"), eight);
        assertArrayEquals(two, client(65464, 1).get(server.localAddress(), "two"));
        client.close();
        assertArrayEquals(eight, client(8192, 4).get(server.localAddress(), "eight"));
        assertEquals("finished two", listener.next());
        assertEquals("finished eight", listener.next());
    }

    @Test
    void emptyFileAndExactMultiplesOfTheBlockSize() throws Exception {
        start();
        Files.write(root.resolve("512"), Arrays.copyOf(big, 512));
        Files.write(root.resolve("1024"), Arrays.copyOf(big, 1024));
        assertEquals(0, client(512, 1).get(server.localAddress(), "empty").length);
        assertArrayEquals(Arrays.copyOf(big, 512), client.get(server.localAddress(), "512"));
        assertArrayEquals(Arrays.copyOf(big, 1024), client.get(server.localAddress(), "/1024"));
    }

    @Test
    void missingFileIsError1AndTraversalIsError2() throws Exception {
        start();
        client(512, 1);
        TftpClientException e = assertThrows(TftpClientException.class, () -> client.get(server.localAddress(), "nope"));
        assertEquals(TftpErrorCode.FILE_NOT_FOUND, e.errorCode());
        e = assertThrows(TftpClientException.class, () -> client.get(server.localAddress(), "../root/big.bin"));
        assertEquals(TftpErrorCode.ACCESS_VIOLATION, e.errorCode());
        assertEquals("failed nope NOT_FOUND", listener.next());
        assertEquals("failed ../root/big.bin ACCESS_DENIED", listener.next());
    }

    @Test
    void netasciiConvertsLineEndsBothWays() throws Exception {
        start();
        try (TftpClient cl = TftpClient.builder().mode(TransferMode.NETASCII).build()) {
            byte[] got = cl.get(server.localAddress(), "text.txt");
            assertEquals("line one\nline two\r\n", new String(got, StandardCharsets.ISO_8859_1));
        }
        try (Raw raw = new Raw()) {
            raw.send(new Request(Opcode.RRQ, "text.txt", TransferMode.NETASCII, TftpOptions.empty()));
            Data d = (Data) raw.receive();
            assertEquals("line one\r\nline two\r\0\r\n", new String(d.payload(), StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void aDownloadCanBeWrittenToAStreamOrCountedWithoutBeingKept() throws Exception {
        start();
        client(1432, 1);
        assertEquals(big.length, client.getAsync(server.localAddress(), "big.bin", OutputStream.nullOutputStream())
                .get(10, TimeUnit.SECONDS));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(big.length, client.getAsync(server.localAddress(), "big.bin", out).get(10, TimeUnit.SECONDS));
        assertArrayEquals(big, out.toByteArray());
        assertEquals(0, client.getAsync(server.localAddress(), "empty", out).get(10, TimeUnit.SECONDS));
        try (TftpClient ascii = TftpClient.builder().mode(TransferMode.NETASCII).build()) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            assertEquals(19, ascii.getAsync(server.localAddress(), "text.txt", text).get(10, TimeUnit.SECONDS));
            assertEquals("line one\nline two\r\n", text.toString(StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void aStreamThatFailsEndsTheTransferOnBothSides() throws Exception {
        start();
        client(1432, 1);
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("no room");
            }
        };
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> client.getAsync(server.localAddress(), "big.bin", full).get(10, TimeUnit.SECONDS));
        assertEquals("no room", e.getCause().getMessage());
        // The server hears the client's ERROR, rather than resending until its retries run out.
        assertEquals("failed big.bin CLIENT_ERROR", listener.next());
        assertTrue(listener.failures.get(0).detail().contains("client sent ERROR 3"), listener.failures.toString());
    }

    /** Issue 23: a netascii request over the size limit was refused as "access violation". */
    @Test
    void netasciiOverTheLimitSaysWhatIsWrong() throws Exception {
        start(TftpServerConfig.builder().timeout(Duration.ofMillis(200)).maxNetasciiSize(1024).build(), FileSource.directory(root));
        try (Raw raw = new Raw()) {
            raw.send(new Request(Opcode.RRQ, "big.bin", TransferMode.NETASCII, TftpOptions.empty()));
            ErrorPacket e = (ErrorPacket) raw.receive();
            assertEquals(TftpErrorCode.NOT_DEFINED, e.code());
            assertEquals("netascii: file of " + big.length + " bytes is over the server's limit of 1024; ask in octet mode",
                    e.message());
        }
        assertEquals("failed big.bin LIMIT", listener.next());
    }

    @Test
    void theFastPathOffServesTheSameBytes() throws Exception {
        server = TftpServer.builder().bind(new InetSocketAddress(LOOPBACK, 0)).fileSource(FileSource.directory(root))
                .config(TftpServerConfig.builder().timeout(Duration.ofMillis(200)).build()).listener(listener)
                .fastPath(FastPath.off()).start();
        for (int blksize : new int[] {512, 65464}) {
            try (TftpClient cl = TftpClient.builder().blockSize(blksize).timeout(Duration.ofMillis(300)).build()) {
                assertArrayEquals(big, cl.get(server.localAddress(), "big.bin"), "blksize " + blksize);
            }
        }
        assertEquals(Duration.ZERO, FastPath.off().polling());
        assertThrows(IllegalArgumentException.class, () -> FastPath.pollingUpTo(Duration.ofMillis(11)));
    }

    @Test
    void inMemoryAndGeneratedSources() throws Exception {
        FileSource mem = FileSource.inMemory(Map.of("boot/menu.ipxe", "#!ipxe\n".getBytes(StandardCharsets.US_ASCII)));
        FileSource gen = FileSource.generated((c, path) -> path.equals("whoami")
                ? Optional.of(c.getAddress().getHostAddress().getBytes(StandardCharsets.US_ASCII))
                : Optional.empty());
        start(TftpServerConfig.defaults(), FileSource.firstOf(List.of(mem, gen)));
        client(1468, 4);
        assertEquals("#!ipxe\n", new String(client.get(server.localAddress(), "\\boot\\menu.ipxe"), StandardCharsets.US_ASCII));
        assertEquals("127.0.0.1", new String(client.get(server.localAddress(), "whoami"), StandardCharsets.US_ASCII));
    }

    @Test
    void tsizeProbeDeclinedWithError8IsNotAFailure() throws Exception {
        start();
        try (Raw raw = new Raw()) {
            raw.send(Request.read("big.bin", TftpOptions.builder().put("tsize", 0).put("blksize", 1468).build()));
            OptionAck oack = (OptionAck) raw.receive();
            assertEquals(Long.toString(big.length), oack.options().get("tsize").orElseThrow());
            raw.sendTo(new ErrorPacket(TftpErrorCode.OPTION_REFUSED, "tsize probe"), raw.peer);
        }
        assertEquals("declined big.bin", listener.next());
        assertTrue(listener.failures.isEmpty());
    }

    @Test
    void duplicateAcksAreNeverAnsweredWithData() throws Exception {
        start();
        try (Raw raw = new Raw()) {
            raw.send(Request.read("big.bin", TftpOptions.empty()));
            assertEquals(1, ((Data) raw.receive()).block());
            raw.sendTo(new Ack(1), raw.peer);
            assertEquals(2, ((Data) raw.receive()).block());
            raw.sendTo(new Ack(1), raw.peer);
            raw.sendTo(new Ack(1), raw.peer);
            // The only DATA that may come is the timeout's resend of block 2, never a block 2 per duplicate.
            assertEquals(2, ((Data) raw.receive()).block());
            raw.sendTo(new Ack(2), raw.peer);
            assertEquals(3, ((Data) raw.receive()).block());
            raw.sendTo(new ErrorPacket(TftpErrorCode.NOT_DEFINED, "enough"), raw.peer);
        }
        assertEquals("failed big.bin CLIENT_ERROR", listener.next());
        assertTrue(listener.ignored.stream().anyMatch(i -> i instanceof IgnoredPacket.Stale));
    }

    @Test
    void packetFromAForeignPortGetsError5AndTheTransferGoesOn() throws Exception {
        start();
        try (Raw raw = new Raw(); DatagramSocket stranger = new DatagramSocket(0, LOOPBACK)) {
            stranger.setSoTimeout(5000);
            raw.send(Request.read("big.bin", TftpOptions.empty()));
            assertEquals(1, ((Data) raw.receive()).block());
            byte[] ack = TftpCodec.encode(new Ack(1));
            stranger.send(new DatagramPacket(ack, ack.length, raw.peer));
            DatagramPacket p = new DatagramPacket(new byte[600], 600);
            stranger.receive(p);
            ErrorPacket err = (ErrorPacket) TftpCodec.decode(Arrays.copyOf(p.getData(), p.getLength()));
            assertEquals(TftpErrorCode.UNKNOWN_TID, err.code());
            raw.sendTo(new Ack(1), raw.peer);
            assertEquals(2, ((Data) raw.receive()).block());
        }
    }

    @Test
    void aRepeatedRequestDoesNotStartASecondTransfer() throws Exception {
        start();
        try (Raw raw = new Raw()) {
            Request rrq = Request.read("big.bin", TftpOptions.builder().put("blksize", 1468).build());
            raw.send(rrq);
            raw.send(rrq);
            raw.send(rrq);
            assertTrue(raw.receive() instanceof OptionAck);
            InetSocketAddress first = raw.peer;
            // The next packet is the timeout's resend of the OACK, from the same TID: no twin transfer.
            assertTrue(raw.receive() instanceof OptionAck);
            assertEquals(first, raw.lastFrom);
            assertEquals(1, server.activeTransfers());
        }
        assertTrue(listener.ignored.stream().anyMatch(i -> i.detail().startsWith("repeated RRQ")));
    }

    @Test
    void everyTransferHasItsOwnPort() throws Exception {
        start();
        try (Raw a = new Raw(); Raw b = new Raw()) {
            a.send(Request.read("big.bin", TftpOptions.empty()));
            b.send(Request.read("big.bin", TftpOptions.empty()));
            a.receive();
            b.receive();
            assertTrue(a.peer.getPort() != server.port() && b.peer.getPort() != server.port());
            assertTrue(a.peer.getPort() != b.peer.getPort());
        }
    }

    @Test
    void optionsCanBeRefusedPerClient() throws Exception {
        server = TftpServer.builder().bind(new InetSocketAddress(LOOPBACK, 0)).fileSource(FileSource.directory(root))
                .listener(listener).optionPolicy(OptionPolicy.refusing("BLKSIZE")).start();
        try (Raw raw = new Raw()) {
            raw.send(Request.read("big.bin", TftpOptions.builder().put("blksize", 1468).build()));
            Data d = (Data) raw.receive(); // no OACK: the only option was refused
            assertEquals(512, d.length());
        }
    }

    @Test
    void malformedRequestsGetAnErrorAndUnknownOptionsAreIgnored() throws Exception {
        start();
        try (Raw raw = new Raw()) {
            raw.sendBytes(new byte[] {0, 1, 'a', 0, 'b', 'i', 'n', 0}, server.localAddress());
            assertEquals(TftpErrorCode.ILLEGAL_OPERATION, ((ErrorPacket) raw.receive()).code());
            raw.sendBytes(new byte[] {0, 9}, server.localAddress());
            assertEquals(TftpErrorCode.ILLEGAL_OPERATION, ((ErrorPacket) raw.receive()).code());
            raw.send(Request.read("big.bin", TftpOptions.builder().put("blksize", "lots").build()));
            assertEquals(TftpErrorCode.OPTION_REFUSED, ((ErrorPacket) raw.receive()).code());
            raw.peer = null;
            raw.send(Request.read("big.bin", TftpOptions.builder().put("colour", "blue").build()));
            assertEquals(1, ((Data) raw.receive()).block());
        }
    }

    @Test
    void perClientLimitIsEnforcedWithAClearError() throws Exception {
        start(TftpServerConfig.builder().maxTransfersPerClient(1).build(), FileSource.directory(root));
        try (Raw a = new Raw(); Raw b = new Raw()) {
            a.send(Request.read("big.bin", TftpOptions.empty()));
            a.receive();
            a.sendTo(new Ack(1), a.peer); // heard from: its place can no longer be taken
            assertEquals(2, ((Data) a.receive()).block());
            b.send(Request.read("big.bin", TftpOptions.empty()));
            ErrorPacket e = (ErrorPacket) b.receive();
            assertEquals(TftpErrorCode.NOT_DEFINED, e.code());
            assertTrue(e.message().contains("too many"), e.message());
        }
    }

    /** At its address's limit, a request takes the place of that address's oldest transfer without a first ACK. */
    @Test
    void atTheAddressLimitAnUnansweredTransferMakesWay() throws Exception {
        // Timeout 50 ms: a transfer without its first ACK keeps its place for 100 ms (two timeouts).
        start(TftpServerConfig.builder().maxTransfersPerClient(1).timeout(Duration.ofMillis(50)).build(), FileSource.directory(root));
        try (Raw a = new Raw(); Raw b = new Raw()) {
            a.send(Request.read("big.bin", TftpOptions.empty()));
            assertEquals(1, ((Data) a.receive()).block());
            // Two retransmissions of block 1 heard: at least two timeouts have passed since the request.
            assertEquals(1, ((Data) a.receive()).block());
            assertEquals(1, ((Data) a.receive()).block());
            b.send(Request.read("big.bin", TftpOptions.empty()));
            assertEquals(1, ((Data) b.receive()).block(), "the new request is served");
            TftpPacket p = a.receive();
            for (int i = 0; i < 5 && p instanceof Data; i++) {
                p = a.receive(); // retransmissions sent before the eviction
            }
            ErrorPacket e = (ErrorPacket) p;
            assertTrue(e.message().startsWith("server busy"), e.message());
            assertEquals("failed big.bin LIMIT", listener.next());
        }
    }

    /**
     * Issue 23, defect 4: requests nobody answers (timeout 255, never an ACK) filled the table
     * for hours. A new request takes the place of the oldest transfer without a first ACK.
     */
    @Test
    void requestsThatNeverAckCannotLockOutARealClient() throws Exception {
        // Timeout 100 ms: the silent transfers keep their places for 200 ms, then the client's
        // repeated request (every 300 ms) takes the oldest one's.
        start(TftpServerConfig.builder().maxTransfers(8).maxTransfersPerClient(4).timeout(Duration.ofMillis(100)).build(),
                FileSource.directory(root));
        List<Raw> silent = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Raw r = new Raw(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i / 4)}));
                silent.add(r);
                r.send(Request.read("big.bin", TftpOptions.builder().put("timeout", 255).build()));
                assertTrue(r.receive() instanceof OptionAck);
            }
            assertEquals(8, server.activeTransfers());
            client(1468, 1);
            assertArrayEquals(big, client.get(server.localAddress(), "big.bin"), "a real client is served");
            ErrorPacket evicted = (ErrorPacket) silent.get(0).receive();
            assertEquals(TftpErrorCode.NOT_DEFINED, evicted.code());
            assertTrue(evicted.message().startsWith("server busy"), evicted.message());
        } finally {
            silent.forEach(Raw::close);
        }
    }

    @Test
    void idleTransferTimesOutAndFreesItsPlace() throws Exception {
        start(TftpServerConfig.builder().timeout(Duration.ofMillis(50)).retries(2).build(), FileSource.directory(root));
        try (Raw raw = new Raw()) {
            raw.send(Request.read("big.bin", TftpOptions.empty()));
            raw.receive();
            assertEquals("failed big.bin TIMED_OUT", listener.next());
        }
        assertEquals(0, server.activeTransfers());
    }

    @Test
    void writesAreRefusedByDefault() throws Exception {
        start();
        TftpClientException e = assertThrows(TftpClientException.class, () -> client(512, 1).put(server.localAddress(), "up", new byte[10]));
        assertEquals(TftpErrorCode.ACCESS_VIOLATION, e.errorCode());
    }

    @Test
    void uploadsGoToTheUploadFolderAndNeverOverwrite() throws Exception {
        Path up = Files.createDirectories(dir.resolve("up"));
        start(TftpServerConfig.builder().writeEnabled(up, 1 << 20).timeout(Duration.ofMillis(100)).build(), FileSource.directory(root));
        byte[] data = Arrays.copyOf(big, 300_000);
        client(1468, 8).put(server.localAddress(), "dump.bin", data);
        assertEquals("finished dump.bin", listener.next());
        assertArrayEquals(data, Files.readAllBytes(up.resolve("dump.bin")));
        TftpClientException e = assertThrows(TftpClientException.class, () -> client.put(server.localAddress(), "dump.bin", new byte[1]));
        assertEquals(TftpErrorCode.FILE_EXISTS, e.errorCode());
        e = assertThrows(TftpClientException.class, () -> client.put(server.localAddress(), "huge.bin", new byte[(1 << 20) + 1]));
        assertEquals(TftpErrorCode.DISK_FULL, e.errorCode());
        e = assertThrows(TftpClientException.class, () -> client.put(server.localAddress(), "../x", new byte[1]));
        assertEquals(TftpErrorCode.ACCESS_VIOLATION, e.errorCode());
        assertArrayEquals(data, Files.readAllBytes(up.resolve("dump.bin")));
    }

    @Test
    void anUploadOfManyChunksIsWholeOnDiskWhenItFinishes() throws Exception {
        // Several 256 KiB chunks go to a multi-threaded file executor: the last one (fsync, close)
        // must not overtake the others, or an earlier write meets a closed file.
        Path up = Files.createDirectories(dir.resolve("up"));
        start(TftpServerConfig.builder().writeEnabled(up, 8 << 20).fileThreads(4).timeout(Duration.ofMillis(100)).build(), FileSource.directory(root));
        for (int i = 0; i < 4; i++) {
            client(1468, 1).put(server.localAddress(), "part" + i + ".bin", big);
            assertEquals("finished part" + i + ".bin", listener.next());
            assertArrayEquals(big, Files.readAllBytes(up.resolve("part" + i + ".bin")));
        }
    }

    @Test
    void aListenerThatThrowsDoesNotBreakTransfers() throws Exception {
        server = TftpServer.builder().bind(new InetSocketAddress(LOOPBACK, 0)).fileSource(FileSource.directory(root))
                .listener(new TftpListener() {
                    @Override
                    public void transferStarted(TransferSummary t) {
                        throw new IllegalStateException("listener bug");
                    }

                    @Override
                    public void transferFinished(TransferSummary t) {
                        throw new IllegalStateException("listener bug");
                    }
                }).start();
        assertArrayEquals(big, client(1468, 8).get(server.localAddress(), "big.bin"));
        assertArrayEquals(big, client.get(server.localAddress(), "big.bin"));
    }

    @Test
    void transfersTakeTurnsOnTheServersEventLoops() throws Exception {
        assertTransfersTakeTurns(null);
        EventLoopGroup nio = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        try {
            assertTransfersTakeTurns(nio);
        } finally {
            nio.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Four transfers one after the other, on a server of two event loops: both loops serve. */
    private void assertTransfersTakeTurns(EventLoopGroup group) throws Exception {
        Set<String> loops = ConcurrentHashMap.newKeySet();
        TftpServer.Builder b = TftpServer.builder().bind(new InetSocketAddress(LOOPBACK, 0))
                .fileSource(FileSource.directory(root)).threads(2)
                .listener(new TftpListener() {
                    @Override
                    public void transferFinished(TransferSummary t) {
                        loops.add(Thread.currentThread().getName());
                    }
                });
        try (TftpServer s = (group == null ? b : b.eventLoopGroup(group)).start();
             TftpClient c = TftpClient.builder().build()) {
            for (int i = 0; i < 4; i++) {
                assertEquals("line one\nline two\r\n", new String(c.get(s.localAddress(), "text.txt"), StandardCharsets.US_ASCII));
            }
        }
        assertEquals(2, loops.size(), "event loops that served transfers: " + loops);
    }

    @Test
    void sharedEventLoopGroupIsNotShutDownByTheServer() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            server = TftpServer.builder().bind(new InetSocketAddress(LOOPBACK, 0)).fileSource(FileSource.directory(root))
                    .eventLoopGroup(group).start();
            assertArrayEquals(big, client(1468, 8).get(server.localAddress(), "big.bin"));
            server.close();
            server = null;
            assertTrue(!group.isShuttingDown());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void manyConcurrentTransfers() throws Exception {
        start(TftpServerConfig.builder().maxTransfersPerClient(64).build(), FileSource.directory(root));
        client(1468, 8);
        List<CompletableFuture<byte[]>> all = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            all.add(client.getAsync(server.localAddress(), "big.bin"));
        }
        for (CompletableFuture<byte[]> f : all) {
            assertArrayEquals(big, f.get(60, TimeUnit.SECONDS));
        }
    }

    /** A bare UDP socket speaking TFTP by hand, with bounded waits. */
    final class Raw implements AutoCloseable {
        final DatagramSocket socket;
        InetSocketAddress peer;
        InetSocketAddress lastFrom;

        Raw() throws IOException {
            this(LOOPBACK);
        }

        /** A socket on {@code address} (any of 127.0.0.0/8 is this host: several client addresses). */
        Raw(InetAddress address) throws IOException {
            socket = new DatagramSocket(0, address);
            socket.setSoTimeout(5000);
        }

        void send(TftpPacket p) throws IOException {
            sendTo(p, server.localAddress());
        }

        void sendTo(TftpPacket p, InetSocketAddress to) throws IOException {
            sendBytes(TftpCodec.encode(p), to);
        }

        void sendBytes(byte[] b, InetSocketAddress to) throws IOException {
            socket.send(new DatagramPacket(b, b.length, to));
        }

        TftpPacket receive() throws Exception {
            DatagramPacket p = new DatagramPacket(new byte[70_000], 70_000);
            socket.receive(p);
            lastFrom = (InetSocketAddress) p.getSocketAddress();
            if (peer == null && p.getPort() != server.port()) {
                peer = (InetSocketAddress) p.getSocketAddress();
            }
            return TftpCodec.decode(Arrays.copyOf(p.getData(), p.getLength()));
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /**
     * Issue 21: the request socket gets its own receive buffer (a storm's read requests arrive by
     * the thousand while the loops send). Read back with ss(8); the kernel doubles the value and
     * caps the request at net.core.rmem_max, so 64 KiB (below every kernel's default) shows that
     * the option is applied whatever the machine allows, and 1 MiB that it is not the default.
     */
    @Test
    void theRequestSocketHasTheConfiguredReceiveBuffer() throws Exception {
        // Not Files.readString: it trusts the size procfs reports, and a sysctl read past its first
        // byte ends the file.
        long rmemMax = Long.parseLong(Files.readAllLines(Path.of("/proc/sys/net/core/rmem_max")).get(0).strip());
        for (int bytes : new int[] {64 << 10, 1 << 20}) {
            start(TftpServerConfig.builder().receiveBufferBytes(bytes).build(), FileSource.directory(root));
            assertEquals(2 * Math.min(bytes, rmemMax), receiveBuffer(server.port()), "SO_RCVBUF " + bytes);
            server.close();
            server = null;
        }
        assertEquals(4 << 20, TftpServerConfig.defaults().receiveBufferBytes());
        assertEquals(1 << 20, TftpServerConfig.builder().receiveBufferBytes(1 << 20).build().toBuilder().build()
                .receiveBufferBytes(), "kept by toBuilder");
        assertThrows(IllegalArgumentException.class, () -> TftpServerConfig.builder().receiveBufferBytes(4096));
    }

    /** The receive buffer ss(8) shows for the UDP socket bound to 127.0.0.1:{@code port}. */
    private static long receiveBuffer(int port) throws Exception {
        Process p = new ProcessBuilder("ss", "-H", "-u", "-a", "-n", "-m", "src", "127.0.0.1:" + port)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "ss: " + out);
        Matcher m = Pattern.compile("\\brb(\\d+)").matcher(out);
        assertTrue(m.find(), "no rb in: " + out);
        return Long.parseLong(m.group(1));
    }

    /** Issue 21: the table never takes descriptors the rest of the server needs. */
    @Test
    void theTableIsHeldToTheOpenFileLimit() {
        assertEquals(16_384, TftpServer.tableSize(16_384, 2, 1_048_576));
        assertEquals(8_750, TftpServer.tableSize(16_384, 2, 20_000), "20,000 less an eighth, two each");
        assertEquals(1_536, TftpServer.tableSize(16_384, 2, 4_096), "a reserve of at least 1024");
        assertEquals(1, TftpServer.tableSize(16_384, 2, 1_024));
        assertEquals(16_384, TftpServer.tableSize(16_384, 2, -1), "unknown: the configured size");
    }
}
