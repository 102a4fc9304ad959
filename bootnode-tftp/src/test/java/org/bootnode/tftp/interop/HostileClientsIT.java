package org.bootnode.tftp.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bootnode.testkit.Exec;
import org.bootnode.testkit.Tools;
import org.bootnode.tftp.Request;
import org.bootnode.tftp.TftpCodec;
import org.bootnode.tftp.TftpOptions;
import org.bootnode.tftp.server.FileSource;
import org.bootnode.tftp.server.TftpServer;
import org.bootnode.tftp.server.TftpServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23, defect 4: RRQs with {@code timeout 255} that never ACK, from many addresses (each
 * at the per-address limit), filled the table; every real request then got "too many
 * transfers" for about two hours. With the default limits, the same flood (enough to fill
 * the whole table) must leave curl served soon: a transfer that has not heard its client keeps
 * its place for two timeouts (2 s, so that a boot storm's late first ACKs are not pushed out,
 * issue 21), and a request that finds no place is not answered; curl repeats its request
 * after about 6 s and is then served. Without eviction it is never served (curl exit 71, the
 * defect). Loopback only: every 127.0.0.0/8 address is this host, so no namespace is needed
 * for many client addresses.
 */
class HostileClientsIT {
    @TempDir
    Path root;

    @Test
    void aTableFullOfSilentRequestsDoesNotLockCurlOut() throws Exception {
        Tools.require("curl");
        byte[] file = new byte[70 * 1024];
        Files.write(root.resolve("ipxe.efi"), file);
        // 1,024 places, not the default 16,384: the mechanism, without 16,384 sockets here.
        TftpServerConfig config = TftpServerConfig.builder().maxTransfers(1024).build();
        int addresses = config.maxTransfers() / config.maxTransfersPerClient();
        InetAddress lo = InetAddress.getLoopbackAddress();
        List<DatagramSocket> hostile = new ArrayList<>();
        try (TftpServer server = TftpServer.builder()
                .bind(new InetSocketAddress(lo, 0))
                .fileSource(FileSource.directory(root))
                .config(config)
                .start()) {
            byte[] rrq = TftpCodec.encode(Request.read("ipxe.efi", TftpOptions.builder().put("timeout", 255).put("tsize", 0).build()));
            byte[] buf = new byte[1024];
            for (int a = 0; a < addresses; a++) {
                InetAddress from = InetAddress.getByAddress(new byte[] {127, 0, (byte) (1 + a / 250), (byte) (2 + a % 250)});
                for (int i = 0; i < config.maxTransfersPerClient(); i++) {
                    DatagramSocket s = new DatagramSocket(0, from);
                    hostile.add(s);
                    s.setSoTimeout(10_000);
                    // One at a time: a burst of a thousand requests would overflow the request
                    // port's receive buffer, and the test would measure that instead.
                    s.send(new DatagramPacket(rrq, rrq.length, server.localAddress()));
                    DatagramPacket oack = new DatagramPacket(buf, buf.length);
                    s.receive(oack);
                    assertEquals(6, buf[1], "an OACK for every hostile request");
                }
            }
            // The table is full of transfers that will never hear back.
            assertEquals(config.maxTransfers(), server.activeTransfers());

            Path out = root.resolve("got");
            long start = System.nanoTime();
            Exec.Result r = Exec.run(Duration.ofSeconds(30), null, List.of("curl", "-sS", "--tftp-blksize", "1432",
                    "-o", out.toString(), "tftp://127.0.0.1:" + server.port() + "/ipxe.efi"));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(0, r.exitCode(), r.describe());
            assertEquals(file.length, Files.size(out));
            // The grace (2 s) plus curl's own repeat interval (about 6 s), with room for a loaded machine.
            assertTrue(ms < 15_000, "curl took " + ms + " ms");
        } finally {
            hostile.forEach(DatagramSocket::close);
        }
    }
}
