package org.bootnode.tftp.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bootnode.testkit.Exec;
import org.bootnode.testkit.Netns;
import org.bootnode.testkit.Tools;
import org.bootnode.tftp.server.FileSource;
import org.bootnode.tftp.server.TftpListener;
import org.bootnode.tftp.server.TftpServer;
import org.bootnode.tftp.server.TftpServerConfig;
import org.bootnode.tftp.server.TransferFailure;
import org.bootnode.tftp.server.TransferSummary;
import org.junit.jupiter.api.Test;

/**
 * A window larger than the transfer socket's send buffer, towards a link slower than the
 * server: a tbf queue on the server's end of a veth pair holds the window's packets, their
 * bytes stay charged to the socket, the send buffer fills and a direct send meets EAGAIN. The
 * rest of the window must then go through the channel's queue, in order, and nothing may be
 * lost. A lost packet would wait for the 3 s retransmission timeout, so the transfer must end
 * well within it. With EAGAIN taken for a lost packet, this test failed at 3.5 s.
 */
class SendBufferFullIT {
    static final int BLKSIZE = 8192;
    static final int WINDOW = 64;
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    @Test
    void aWindowLargerThanTheSendBufferArrivesWholeAndInTime() throws Exception {
        Tools.requireRootAnd("atftp", "tc", "ip");
        // Not Files.readString: it trusts the size procfs reports, and a sysctl read past its first
        // byte ends the file (it read "2" of 212992, so the check below always passed).
        long sendBuffer = Long.parseLong(Files.readAllLines(Path.of("/proc/sys/net/core/wmem_default")).get(0).strip());
        assertTrue((long) BLKSIZE * WINDOW > 2 * sendBuffer,
                "a window of " + BLKSIZE * WINDOW + " bytes does not overfill a send buffer of " + sendBuffer);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String base = "10." + (128 + r.nextInt(127)) + "." + r.nextInt(256) + ".";
        Path root = Files.createTempDirectory("tftp-sndbuf-root");
        Path out = Files.createTempDirectory("tftp-sndbuf-out");
        CompletableFuture<TransferSummary> finished = new CompletableFuture<>();
        TftpListener listener = new TftpListener() {
            @Override
            public void transferFinished(TransferSummary transfer) {
                finished.complete(transfer);
            }

            @Override
            public void transferFailed(TransferSummary transfer, TransferFailure failure) {
                finished.completeExceptionally(new AssertionError("transfer failed: " + failure));
            }
        };
        try (Netns ns = Netns.create("sndbuf")) {
            Netns.Link link = ns.vethToHost(base + "1/24", base + "2/24");
            Exec.ok(Duration.ofSeconds(10), "tc", "qdisc", "add", "dev", link.outside(), "root",
                    "tbf", "rate", "100mbit", "burst", "32k", "limit", "8mb");
            Fixtures.write(root, "window.bin", 4 << 20, 7);
            try (TftpServer server = TftpServer.builder()
                    .bind(new InetSocketAddress(InetAddress.getByName(base + "1"), 0))
                    .fileSource(FileSource.directory(root))
                    .config(TftpServerConfig.builder().timeout(TIMEOUT).retries(3).build())
                    .listener(listener)
                    .start()) {
                Path got = out.resolve("window.bin");
                Exec.Result result = ns.run(Duration.ofSeconds(60), "atftp", "--get", "-r", "window.bin",
                        "-l", got.toString(), "--option", "blksize " + BLKSIZE, "--option", "windowsize " + WINDOW,
                        base + "1", Integer.toString(server.localAddress().getPort()));
                assertEquals(0, result.exitCode(), result.describe());
                assertEquals(Fixtures.sha256(root.resolve("window.bin")), Fixtures.sha256(got));
                TransferSummary s = finished.get(30, TimeUnit.SECONDS);
                assertEquals(BLKSIZE, s.blockSize());
                assertEquals(WINDOW, s.windowSize());
                assertTrue(s.duration().compareTo(TIMEOUT) < 0,
                        "took " + s.duration() + ": a packet was lost and waited for the timeout");
            }
            String queue = Exec.ok(Duration.ofSeconds(10), "tc", "-s", "qdisc", "show", "dev", link.outside()).out();
            assertTrue(queue.contains("dropped 0,"), "the queue dropped packets, so the test proves nothing:\n" + queue);
            assertFalse(queue.contains("overlimits 0 "), "the queue never held a packet back:\n" + queue);
        } finally {
            for (Path dir : new Path[] {root, out}) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }
}
