package org.bootnode.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bootnode.testkit.BackgroundProcess;
import org.bootnode.testkit.Exec;
import org.bootnode.testkit.Netns;
import org.bootnode.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar serves from an arm64 head node: Debian 12's arm64 Java runtime
 * (scripts/fetch-jre-arm64.sh) runs {@code java -jar bootnode.jar serve} under qemu-user in a
 * network namespace of its own. Netty must load its aarch64 epoll library (the log says
 * {@code epoll}; NIO could not bind DHCP to the interface and serve would stop), udhcpc in a
 * second namespace gets the node's address and boot file, and TFTP hands over the file intact.
 */
class Arm64HeadIT {
    static final String MAC = "fc:ab:14:e8:66:01";
    static final String SERVER = "10.89.0.1";
    static final String JAVA = "usr/lib/jvm/java-17-openjdk-arm64/bin/java";
    /** An arm64 JVM under qemu-user starts the server in about 11 s here (JIT code emulated too). */
    static final Duration READY_LIMIT = Duration.ofSeconds(120);

    @TempDir Path dir;

    @Test
    void jarServesDhcpAndTftpOnAnArm64Jvm() throws Exception {
        Tools.requireRootAnd("ip", "busybox", "tftp", "qemu-aarch64-static", "apt-get", "apt-cache", "dpkg");
        Path root = Path.of(Exec.ok(Duration.ofMinutes(10), projectDir().resolve("scripts/fetch-jre-arm64.sh").toString(),
                System.getenv().getOrDefault("BOOTNODE_CACHE", "/var/cache/bootnode-test")).out().strip());
        List<String> java = List.of("qemu-aarch64-static", "-L", root.toString(), root.resolve(JAVA).toString());

        // The runtime is arm64's: otherwise this test would prove nothing about aarch64.
        Exec.Result props = Exec.run(Duration.ofMinutes(1), null,
                concat(java, "-XshowSettings:properties", "-version"));
        assertTrue(props.err().contains("os.arch = aarch64"), props::describe);

        byte[] undionly = new byte[300_001];
        new Random(64).nextBytes(undionly);
        Files.createDirectories(dir.resolve("tftp"));
        Files.write(dir.resolve("tftp/undionly.kpxe"), undionly);
        Files.writeString(dir.resolve("vmlinuz"), "kernel\n");
        Files.writeString(dir.resolve("initrd.img"), "initrd\n");
        Path config = Files.writeString(dir.resolve("bootnode.yaml"), """
                server: { address: %1$s, data-dir: data }
                dhcp: { subnet: 10.89.0.0/24, router: %1$s, lease-time: 1h }
                tftp: { root: tftp }
                http: { port: 8080 }
                images:
                  compute: { kernel: vmlinuz, initrd: initrd.img }
                nodes:
                  node-000: { mac: "%2$s", ip: 10.89.0.10, image: compute }
                """.formatted(SERVER, MAC));
        Path script = Files.writeString(dir.resolve("udhcpc.sh"), ServeIT.UDHCPC_SCRIPT);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

        try (Netns head = Netns.create("a64"); Netns node = Netns.create("node")) {
            Netns.Link link = node.vethFrom(head, SERVER + "/24", null);
            node.ip("link", "set", link.inside(), "down");
            node.ip("link", "set", link.inside(), "address", MAC);
            node.ip("link", "set", link.inside(), "up");
            List<String> serve = concat(java, "-jar", ServeIT.jar().toAbsolutePath().toString(), "serve", "--config", config.toString());
            try (BackgroundProcess server = BackgroundProcess.start(dir.resolve("serve.log"), head.command(serve.toArray(String[]::new)))) {
                long start = System.nanoTime();
                String log = server.awaitOutput(READY_LIMIT, out -> out.contains("bootnode: ready"), "serve ready on arm64");
                System.out.printf("arm64 head: serve ready in %.1f s under qemu-user%n", (System.nanoTime() - start) / 1e9);
                assertTrue(log.contains("(epoll, sendfile, "), log);
                assertTrue(log.contains("DHCP serving 10.89.0.0/24 on " + link.outside()), log);

                Exec.Result pxe = node.run(Duration.ofSeconds(60), "busybox", "udhcpc", "-f", "-q", "-n", "-t", "10", "-T", "2",
                        "-i", link.inside(), "-s", script.toString(), "-V", "PXEClient:Arch:00000:UNDI:002001", "-O", "bootfile");
                assertTrue(pxe.out().contains("BOUND ip=10.89.0.10 siaddr=" + SERVER + " boot_file=undionly.kpxe"), pxe::describe);

                Path got = dir.resolve("got.kpxe");
                node.run(Duration.ofSeconds(60), "tftp", "-m", "binary", SERVER, "-c", "get", "undionly.kpxe", got.toString()).ok();
                assertArrayEquals(undionly, Files.readAllBytes(got));
            }
        }
    }

    private static Path projectDir() {
        String dir = System.getenv("BOOTNODE_PROJECT_DIR");
        return (dir == null ? Path.of("..") : Path.of(dir)).toAbsolutePath().normalize();
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }
}
