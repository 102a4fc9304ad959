package org.bootnode.image.rootfs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bootnode.image.initramfs.BuildListener;
import org.bootnode.image.initramfs.Busybox;
import org.bootnode.image.initramfs.Compression;
import org.bootnode.image.initramfs.CompressionOptions;
import org.bootnode.testkit.Exec;
import org.bootnode.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boots our images with Debian 12's kernel under qemu (TCG, no network) and waits for the init
 * markers on the serial console. The kernel comes from BOOTNODE_TEST_KERNEL, else from the
 * Debian package that linux-image-amd64 depends on, downloaded once into target/kernel.
 */
class BootIT {
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    @TempDir Path tmp;

    @Test
    void failsafeImageBootsToItsShell() throws Exception {
        Path kernel = kernel();
        Path img = tmp.resolve("failsafe.img");
        FailsafeImage.builder(Busybox.load(BUSYBOX)).build()
                .writeTo(img, CompressionOptions.builder().threads(2).build(), BuildListener.NONE);
        String console = boot(kernel, img, "bootnode failsafe: starting shell", Duration.ofSeconds(120));
        assertTrue(console.contains("bootnode failsafe: mounted /proc, /sys and /dev"), console);
    }

    @Test
    void computeImageUnpacksItsRootAndSwitchesToIt() throws Exception {
        Path kernel = kernel();
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs/sbin"));
        Files.createDirectories(tmp.resolve("rootfs/bin"));
        Files.copy(BUSYBOX, tmp.resolve("rootfs/bin/busybox"));
        Files.createSymbolicLink(tmp.resolve("rootfs/bin/sh"), Path.of("busybox"));
        Path init = Files.writeString(rootfs.resolve("init"), "#!/bin/sh\necho \"rootfs init: running as pid $$\"\nexec /bin/sh\n");
        init.toFile().setExecutable(true, false);
        Path img = tmp.resolve("compute.img");
        ComputeImage.builder(tmp.resolve("rootfs"), Busybox.load(BUSYBOX)).build()
                .writeTo(img, CompressionOptions.builder().compression(Compression.GZIP).threads(2).build(), BuildListener.NONE);
        String console = boot(kernel, img, "rootfs init: running as pid 1", Duration.ofSeconds(150));
        assertTrue(console.contains("bootnode init: unpacked root file system ("), console);
        assertTrue(console.contains("bootnode init: switching root to /sbin/init"), console);
    }

    /** Runs qemu until {@code marker} shows on the console; returns the console text. */
    private String boot(Path kernel, Path initrd, String marker, Duration limit) throws IOException, InterruptedException {
        Path qemu = Tools.require("qemu-system-x86_64").get(0);
        Process p = new ProcessBuilder(qemu.toString(), "-nographic", "-no-reboot", "-m", "512", "-nic", "none",
                "-kernel", kernel.toString(), "-initrd", initrd.toString(),
                "-append", "console=ttyS0 panic=-1")
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        StringBuilder console = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (console) {
                        console.append(line).append('\n');
                        console.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // qemu was stopped
            }
        }, "qemu-console");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            synchronized (console) {
                while (console.indexOf(marker) < 0) {
                    if (console.indexOf("Kernel panic") >= 0 || console.indexOf("FAILED") >= 0 || !p.isAlive()) {
                        fail("boot failed before \"" + marker + "\":\n" + console);
                    }
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) {
                        fail("no \"" + marker + "\" within " + limit + ":\n" + console);
                    }
                    console.wait(Math.min(left, 1000));
                }
                return console.toString();
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Path kernel() throws IOException {
        String env = System.getenv("BOOTNODE_TEST_KERNEL");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        Path dir = Path.of("target", "kernel").toAbsolutePath();
        Path found = findVmlinuz(dir);
        if (found != null) {
            return found;
        }
        Tools.require("apt-get", "apt-cache", "dpkg");
        Files.createDirectories(dir);
        String depends = Exec.ok(Duration.ofSeconds(60), "apt-cache", "depends", "linux-image-amd64").out();
        String pkg = depends.lines().map(String::trim).filter(l -> l.startsWith("Depends: linux-image-"))
                .map(l -> l.substring("Depends: ".length())).findFirst()
                .orElseThrow(() -> new AssertionError("no kernel package behind linux-image-amd64:\n" + depends));
        Exec.ok(Duration.ofMinutes(5), "sh", "-c", "cd " + dir + " && apt-get download " + pkg + " && dpkg -x " + pkg + "_*.deb x");
        found = findVmlinuz(dir);
        if (found == null) {
            fail("no vmlinuz in " + pkg);
        }
        return found;
    }

    private static Path findVmlinuz(Path dir) throws IOException {
        Path boot = dir.resolve("x/boot");
        if (!Files.isDirectory(boot)) {
            return null;
        }
        try (Stream<Path> files = Files.list(boot)) {
            List<Path> k = files.filter(f -> f.getFileName().toString().startsWith("vmlinuz-")).sorted().toList();
            return k.isEmpty() ? null : k.get(k.size() - 1);
        }
    }
}
