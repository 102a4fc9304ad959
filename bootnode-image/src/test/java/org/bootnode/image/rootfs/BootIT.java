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
import java.util.concurrent.TimeUnit;
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
 * markers on the serial console. The kernel comes from BOOTNODE_TEST_KERNEL, else from
 * scripts/fetch-kernel.sh (Debian's kernel package, downloaded once and cached).
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

    private static Path kernel() {
        String env = System.getenv("BOOTNODE_TEST_KERNEL");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        // The project's one way to get Debian's kernel without installing it (cached).
        Tools.require("apt-get", "apt-cache", "dpkg");
        String project = System.getenv("BOOTNODE_PROJECT_DIR");
        Path root = project != null ? Path.of(project) : Path.of("..").toAbsolutePath().normalize();
        String dir = Exec.ok(Duration.ofMinutes(5), root.resolve("scripts/fetch-kernel.sh").toString())
                .out().strip();
        return Path.of(dir, "vmlinuz");
    }

}
