package org.bootnode.tftp.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;
import org.bootnode.testkit.Exec;
import org.bootnode.testkit.Tools;
import org.bootnode.tftp.server.FileSource;
import org.bootnode.tftp.server.TftpListener;
import org.bootnode.tftp.server.TftpServer;
import org.bootnode.tftp.server.TftpServerConfig;
import org.bootnode.tftp.server.TransferFailure;
import org.bootnode.tftp.server.TransferSummary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real TFTP clients against our server on loopback: tftp-hpa, atftp (blksize, windowsize), curl
 * (--tftp-blksize) and busybox (-b), each fetching files of 0, 511, 512, 513 bytes, 1 MiB and
 * 40 MiB, compared by SHA-256.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientInteropIT {
    static final Duration LIMIT = Duration.ofSeconds(180);

    Path root;
    Path out;
    TftpServer server;
    final LinkedBlockingQueue<String> failures = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<String> finished = new LinkedBlockingQueue<>();

    @BeforeAll
    void start() throws IOException {
        Tools.require("tftp", "atftp", "curl", "busybox");
        root = Files.createTempDirectory("tftp-it-root");
        out = Files.createTempDirectory("tftp-it-out");
        long seed = 1;
        for (var e : Fixtures.SIZES.entrySet()) {
            Fixtures.write(root, e.getKey(), e.getValue(), seed++);
        }
        server = TftpServer.builder()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .fileSource(FileSource.directory(root))
                .config(TftpServerConfig.builder().timeout(Duration.ofMillis(500)).build())
                .listener(new TftpListener() {
                    @Override
                    public void transferFinished(TransferSummary t) {
                        finished.add(t.filename());
                    }

                    @Override
                    public void transferFailed(TransferSummary t, TransferFailure f) {
                        failures.add(t.filename() + ": " + f);
                    }
                })
                .start();
    }

    @AfterAll
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        for (Path dir : new Path[] {root, out}) {
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (String client : List.of("tftp-hpa", "atftp-blksize", "atftp-window", "curl", "curl-blksize", "busybox")) {
            for (String file : Fixtures.SIZES.keySet()) {
                all.add(Arguments.of(client, file));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} gets {1}")
    @MethodSource("cases")
    void clientGetsTheSameBytes(String client, String file) throws IOException, InterruptedException {
        Path local = out.resolve(client + "-" + file);
        Files.deleteIfExists(local);
        String host = "127.0.0.1";
        String port = Integer.toString(server.port());
        List<String> cmd = switch (client) {
            case "tftp-hpa" -> List.of("tftp", "-m", "binary", host, port, "-c", "get", file, local.toString());
            case "atftp-blksize" -> List.of("atftp", "--get", "-r", file, "-l", local.toString(),
                    "--option", "blksize 1468", "--option", "tsize 0", host, port);
            case "atftp-window" -> List.of("atftp", "--get", "-r", file, "-l", local.toString(),
                    "--option", "blksize 1468", "--option", "windowsize 16", host, port);
            case "curl" -> List.of("curl", "-sS", "-o", local.toString(), "tftp://" + host + ":" + port + "/" + file);
            case "curl-blksize" -> List.of("curl", "-sS", "--tftp-blksize", "8192", "-o", local.toString(),
                    "tftp://" + host + ":" + port + "/" + file);
            case "busybox" -> List.of("busybox", "tftp", "-g", "-b", "1468", "-r", file, "-l", local.toString(), host, port);
            default -> throw new IllegalArgumentException(client);
        };
        finished.clear();
        Exec.Result r = Exec.run(LIMIT, null, cmd);
        if (client.startsWith("curl") && file.equals("f0")) {
            // curl 7.88.1 gives up on an OACK announcing tsize 0 without ACKing it and exits 71
            // ("getpeername() failed", a stray message: curl PR 11332). Seen here against
            // tftpd-hpa's in.tftpd too. The abandoned transfer times out on our side later
            // (curl asks for timeout 6 s), so that one failure is expected: see unexpected().
            assertEquals(71, r.exitCode(), r.describe());
            return;
        }
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(Files.exists(local), "no output file\n" + r.describe());
        assertEquals(Fixtures.sha256(root.resolve(file)), Fixtures.sha256(local), client + " " + file + "\n" + r.describe());
        Files.delete(local);
        assertEquals(List.of(), unexpected());
    }

    /** Failures other than the OACK timeouts of curl's abandoned empty-file transfers. */
    private List<String> unexpected() {
        return failures.stream().filter(f -> !(f.startsWith("f0: ") && f.contains("TIMED_OUT") && f.contains("(block 0)"))).toList();
    }
}
