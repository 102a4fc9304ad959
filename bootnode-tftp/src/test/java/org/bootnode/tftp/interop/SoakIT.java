package org.bootnode.tftp.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.bootnode.tftp.Ack;
import org.bootnode.tftp.ErrorPacket;
import org.bootnode.tftp.Request;
import org.bootnode.tftp.TftpCodec;
import org.bootnode.tftp.TftpCodecFuzzTest;
import org.bootnode.tftp.TftpErrorCode;
import org.bootnode.tftp.TftpOptions;
import org.bootnode.tftp.client.TftpClient;
import org.bootnode.tftp.server.FileSource;
import org.bootnode.tftp.server.TftpServer;
import org.bootnode.tftp.server.TftpServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and mutated datagrams at a running server's request port and at the ports of its
 * transfers (issue 23's fuzz suite, for TFTP). After them the server still serves a normal
 * request, every transfer the garbage started ends, and no file descriptor is left behind.
 * {@code -Dtftp.soak.packets=N} sets the count (a full run: 1000000; by default 20000).
 */
class SoakIT {
    static final int PACKETS = Integer.getInteger("tftp.soak.packets", 20_000);

    @TempDir
    Path root;

    @Test
    void theServerSurvivesGarbageAndLeaksNoDescriptor() throws Exception {
        byte[] file = new byte[200 * 1024];
        new Random(1).nextBytes(file);
        Files.write(root.resolve("ipxe.efi"), file);
        Files.write(root.resolve("a"), new byte[3000]);
        InetAddress lo = InetAddress.getLoopbackAddress();
        long seed = Long.getLong("tftp.soak.seed", System.nanoTime());
        Random random = new Random(seed);
        long fdsBefore = openDescriptors();
        TftpServerConfig config = TftpServerConfig.builder().timeout(Duration.ofMillis(50)).retries(1)
                .maxStall(Duration.ofSeconds(1)).build();
        try (TftpServer server = TftpServer.builder().bind(new InetSocketAddress(lo, 0))
                .fileSource(FileSource.directory(root)).config(config).start();
             DatagramSocket garbage = new DatagramSocket(0, lo)) {
            garbage.setSoTimeout(1);
            List<byte[]> seeds = List.of(
                    TftpCodec.encode(Request.read("a", TftpOptions.empty())),
                    TftpCodec.encode(Request.read("ipxe.efi", TftpOptions.builder().put("blksize", 1432).put("tsize", 0).build())),
                    TftpCodec.encode(Request.read("../../etc/passwd\n\u001b[2J", TftpOptions.builder().put("windowsize", 64).build())),
                    TftpCodec.encode(new Ack(1)),
                    TftpCodec.encode(new ErrorPacket(TftpErrorCode.OPTION_REFUSED, "x")));
            List<InetSocketAddress> transferPorts = new ArrayList<>();
            byte[] in = new byte[70_000];
            for (int i = 0; i < PACKETS; i++) {
                byte[] b;
                if (random.nextInt(4) == 0) {
                    b = new byte[random.nextInt(600)];
                    random.nextBytes(b);
                } else {
                    b = TftpCodecFuzzTest.mutate(seeds.get(random.nextInt(seeds.size())), random);
                }
                InetSocketAddress to = transferPorts.isEmpty() || random.nextBoolean()
                        ? server.localAddress() : transferPorts.get(random.nextInt(transferPorts.size()));
                garbage.send(new DatagramPacket(b, b.length, to));
                // Learn transfer ports from what comes back (without waiting: SO_TIMEOUT 1 ms, every 64 packets).
                if ((i & 63) == 0) {
                    DatagramPacket p = new DatagramPacket(in, in.length);
                    try {
                        garbage.receive(p);
                        if (p.getPort() != server.port() && transferPorts.size() < 64) {
                            transferPorts.add((InetSocketAddress) p.getSocketAddress());
                        }
                    } catch (SocketTimeoutException nothing) {
                        // nothing came back yet
                    }
                }
            }
            // The client's own patience (1 s, 5 retries), as firmware has: the request port's
            // 4 MiB receive buffer can still hold thousands of the garbage datagrams, which the
            // server works through before it reads this request (on a loaded machine, more
            // than the 1.8 s that 300 ms retries gave).
            try (TftpClient client = TftpClient.builder().blockSize(1432).build()) {
                assertArrayEquals(file, client.get(server.localAddress(), "ipxe.efi"), "seed " + seed);
            }
            await(() -> server.activeTransfers() == 0, Duration.ofSeconds(30), "transfers still running: seed " + seed);
        }
        long fdsAfter = openDescriptors();
        assertTrue(fdsAfter <= fdsBefore + 2, "descriptors before " + fdsBefore + ", after " + fdsAfter + " (seed " + seed + ")");
    }

    /** Waits for {@code condition}, checking every 10 ms, at most {@code limit}. */
    static void await(BooleanSupplier condition, Duration limit, String what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - deadline < 0, what);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
