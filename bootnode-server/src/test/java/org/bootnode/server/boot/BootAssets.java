package org.bootnode.server.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bootnode.testkit.Exec;
import org.bootnode.testkit.Tools;

/**
 * What every boot test boots: Debian 12's kernel (fetched once by {@code scripts/fetch-kernel.sh}
 * into a cache that outlives the build) and the compute and failsafe images, built once per JVM
 * by the packaged jar exactly as a user would ({@code bootnode image build|failsafe}).
 *
 * <p>Both images carry the NIC modules of both qemu NICs (e1000, and virtio-net with its
 * dependencies, in load order): the same image then boots on every firmware path.
 */
final class BootAssets {
    /** Printed by the demo root file system's rcS ({@code scripts/make-demo-rootfs.sh}). */
    static final String COMPUTE_MARKER = "bootnode-demo: compute system up";
    /** Printed by the failsafe image's init just before its shell (bootnode-image). */
    static final String FAILSAFE_MARKER = "bootnode failsafe: starting shell";

    private static final Duration FETCH_LIMIT = Duration.ofMinutes(10);
    private static final Duration BUILD_LIMIT = Duration.ofMinutes(5);
    private static BootAssets built;

    private final Path kernel;
    private final Path compute;
    private final Path failsafe;

    private BootAssets(Path kernel, Path compute, Path failsafe) {
        this.kernel = kernel;
        this.compute = compute;
        this.failsafe = failsafe;
    }

    /** The assets, made on first use (a few seconds to a minute), then shared. */
    static synchronized BootAssets get() {
        if (built == null) {
            built = make();
        }
        return built;
    }

    Path kernel() {
        return kernel;
    }

    Path compute() {
        return compute;
    }

    Path failsafe() {
        return failsafe;
    }

    /** The repository's root (failsafe sets BOOTNODE_PROJECT_DIR; else the module's parent). */
    static Path projectDir() {
        String dir = System.getenv("BOOTNODE_PROJECT_DIR");
        return (dir == null ? Path.of("..") : Path.of(dir)).toAbsolutePath().normalize();
    }

    /** The packaged jar under test. */
    static Path jar() {
        Path jar = projectDir().resolve("bootnode-server/target/bootnode.jar");
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("no " + jar + ": the boot tests run after `package` (failsafe)");
        }
        return jar;
    }

    /** {@code java -jar bootnode.jar ARGS...} with this JVM's java. */
    static List<String> bootnode(String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static BootAssets make() {
        Tools.requireRootAnd("qemu-system-x86_64", "apt-get", "dpkg", "busybox", "curl");
        Path busybox = Tools.require("busybox").get(0);
        Path scripts = projectDir().resolve("scripts");
        String cache = System.getenv().getOrDefault("BOOTNODE_CACHE", "/var/cache/bootnode-test");
        Path kernelDir = Path.of(Exec.ok(FETCH_LIMIT, scripts.resolve("fetch-kernel.sh").toString(), cache)
                .out().strip());
        try {
            Path work = Files.createDirectories(projectDir().resolve("bootnode-server/target/boot-assets"));
            Path rootfs = work.resolve("rootfs");
            Exec.ok(Duration.ofMinutes(1), "rm", "-rf", rootfs.toString());
            Exec.ok(Duration.ofMinutes(1), scripts.resolve("make-demo-rootfs.sh").toString(), rootfs.toString());
            List<String> modules = new ArrayList<>();
            for (String nic : List.of("e1000", "virtio-net")) {
                for (String ko : Files.readAllLines(kernelDir.resolve("modules").resolve(nic).resolve("ORDER"))) {
                    modules.add("--module");
                    modules.add(kernelDir.resolve("modules").resolve(nic).resolve(ko).toString());
                }
            }
            Path compute = work.resolve("compute.img");
            Path failsafe = work.resolve("failsafe.img");
            List<String> build = bootnode("image", "build", "--rootfs", rootfs.toString(),
                    "--busybox", busybox.toString(), "--output", compute.toString());
            build.addAll(modules);
            Exec.run(BUILD_LIMIT, null, build).ok();
            List<String> fs = bootnode("image", "failsafe", "--busybox", busybox.toString(),
                    "--output", failsafe.toString());
            fs.addAll(modules);
            Exec.run(BUILD_LIMIT, null, fs).ok();
            return new BootAssets(kernelDir.resolve("vmlinuz"), compute, failsafe);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
