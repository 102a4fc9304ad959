package org.bootnode.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What an interop test needs from the machine: root, and external programs.
 *
 * <p>When the environment variable {@code CI} is {@code true}, a missing requirement fails the
 * test; elsewhere it aborts it (reported as skipped), so a developer without root can still run
 * the unit tests. CI must never pass by skipping.
 */
public final class Tools {
    private Tools() {}

    /** True when running under CI ({@code CI=true}). */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Requires that this process runs as root (network namespaces need it). */
    public static void requireRoot() {
        if (!isRoot()) {
            missing("this test needs root (network namespaces)");
        }
    }

    /** True when this process runs as root. */
    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * Requires each program, found on the PATH or in /sbin, /usr/sbin; returns their paths in order.
     */
    public static List<Path> require(String... programs) {
        List<Path> found = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (String program : programs) {
            Path path = find(program);
            if (path == null) {
                absent.add(program);
            } else {
                found.add(path);
            }
        }
        if (!absent.isEmpty()) {
            missing("missing programs: " + String.join(", ", absent)
                    + " (scripts/install-deps.sh installs them)");
        }
        return found;
    }

    /** Requires root and each program: the usual preamble of a network-namespace test. */
    public static List<Path> requireRootAnd(String... programs) {
        requireRoot();
        return require(programs);
    }

    /** Requires a file that a package provides, e.g. a firmware image; {@code from} names the package. */
    public static Path requireFile(Path file, String from) {
        if (!Files.isRegularFile(file)) {
            missing(file + " missing (" + from + "; scripts/install-deps.sh installs it)");
        }
        return file;
    }

    /** The program's path on the PATH or in the sbin folders, or null. */
    public static Path find(String program) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            return Files.isExecutable(p) ? p : null;
        }
        String pathVar = System.getenv().getOrDefault("PATH", "");
        List<String> dirs = new ArrayList<>(List.of(pathVar.split(":")));
        dirs.addAll(List.of("/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static void missing(String what) {
        if (inCi()) {
            Assertions.fail("CI=true: " + what);
        }
        Assumptions.abort(what);
    }
}
