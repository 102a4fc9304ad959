package org.bootnode.tftp.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.bootnode.testkit.Exec;
import org.bootnode.testkit.Tools;
import org.bootnode.tftp.client.TftpClient;
import org.bootnode.tftp.server.FileSource;
import org.bootnode.tftp.server.OptionPolicy;
import org.bootnode.tftp.server.TftpServer;
import org.bootnode.tftp.server.TftpServerConfig;
import org.junit.jupiter.api.Test;

/**
 * Real clients (and ours, with a window of 16) through a relay that drops 10% of the packets
 * each way and reorders a quarter of the rest. Every transfer must complete with the right
 * bytes. The relay stands in for {@code tc netem}, which this machine's kernel lacks.
 */
class LossyNetworkIT {
    @Test
    void everyClientCompletesUnderLossAndReordering() throws Exception {
        Tools.require("tftp", "atftp", "curl", "busybox");
        Path root = Files.createTempDirectory("tftp-lossy-root");
        Path out = Files.createTempDirectory("tftp-lossy-out");
        InetAddress lo = InetAddress.getLoopbackAddress();
        List<String> problems = new ArrayList<>();
        try {
            Fixtures.write(root, "lossy.bin", 128 * 1024, 99);
            Fixtures.write(root, "lossy1m.bin", 1 << 20, 98);
            String want = Fixtures.sha256(root.resolve("lossy.bin"));
            try (TftpServer server = TftpServer.builder()
                    .bind(new InetSocketAddress(lo, 0))
                    .fileSource(FileSource.directory(root))
                    // curl asks for a 6 s timeout; refusing it per client keeps ours at 200 ms.
                    .optionPolicy(OptionPolicy.refusing("timeout"))
                    .config(TftpServerConfig.builder().timeout(Duration.ofMillis(200)).retries(20).build())
                    .start();
                 ImpairedRelay relay = new ImpairedRelay(lo, server.localAddress(), 0.10, 0.25)) {
                String host = "127.0.0.1";
                String port = Integer.toString(relay.port());
                for (String client : System.getProperty("tftp.lossy.clients", "curl,atftp-window,busybox,tftp-hpa").split(",")) {
                    Path local = out.resolve(client);
                    List<String> cmd = switch (client) {
                        case "curl" -> List.of("curl", "-sS", "--tftp-blksize", "1468", "-o", local.toString(),
                                "tftp://" + host + ":" + port + "/lossy.bin");
                        case "atftp-window" -> List.of("atftp", "--get", "-r", "lossy.bin", "-l", local.toString(),
                                "--option", "blksize 1468", "--option", "windowsize 8", host, port);
                        case "busybox" -> List.of("busybox", "tftp", "-g", "-b", "1468", "-r", "lossy.bin",
                                "-l", local.toString(), host, port);
                        default -> List.of("tftp", "-m", "binary", host, port, "-c", "get", "lossy.bin", local.toString());
                    };
                    Exec.Result r = Exec.run(Duration.ofSeconds(240), null, cmd);
                    String got = Files.exists(local) ? Fixtures.sha256(local) : "missing";
                    if (r.exitCode() != 0 || !want.equals(got)) {
                        problems.add(client + ": sha " + got + "\n" + r.describe());
                    }
                }
                try (TftpClient ours = TftpClient.builder().blockSize(1468).windowSize(16)
                        .timeout(Duration.ofMillis(200)).retries(20).build()) {
                    byte[] got = ours.get(new InetSocketAddress(lo, relay.port()), "lossy1m.bin");
                    assertEquals(Fixtures.sha256(root.resolve("lossy1m.bin")), sha(got));
                }
                assertTrue(relay.dropped.get() > 50 && relay.delayed.get() > 50,
                        "the relay impaired too little: dropped " + relay.dropped + ", delayed " + relay.delayed);
            }
        } finally {
            for (Path dir : new Path[] {root, out}) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
