package org.bootnode.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bootnode.image.initramfs.CompressionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * packaging/bootnode, the launcher, sizes the heap of {@code image} commands in shell, from the
 * same per-thread needs that {@link ImageCommand} divides the heap by: the two must agree, or
 * the command would pick fewer threads than asked for, or the heap would be far larger than
 * needed. Runs the launcher with a stand-in {@code java} that records its arguments.
 */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("").toAbsolutePath().getParent().resolve("packaging/bootnode");

    @TempDir Path tmp;

    @Test
    void theImageHeapHoldsTheThreadsTheCommandWouldChooseAndLittleMore() throws Exception {
        for (boolean exact : new boolean[] {false, true}) {
            CompressionOptions options = CompressionOptions.builder().xzExact(exact).build();
            for (int threads = 1; threads <= 8; threads++) {
                List<String> args = new ArrayList<>(List.of("image", "pack", "/srv/tree", "--output", "x.img",
                        "--threads=" + threads));
                if (exact) {
                    args.add("--xz-exact");
                }
                List<String> jvm = launch(true, args);
                long xmx = megabytes(jvm, "-Xmx") << 20;
                long young = megabytes(jvm, "-Xmn") << 20;
                // Runtime.maxMemory() leaves out one survivor space: count the whole young one
                long maxMemory = xmx - young;
                String what = threads + " threads, exact " + exact + ": " + jvm;
                long needed = ImageCommand.Output.heapNeeded(options, threads);
                assertTrue(needed <= maxMemory, "heap too small: " + what);
                if (threads <= 4) {
                    assertEquals(threads, ImageCommand.Output.defaultThreads(options, threads, maxMemory), what);
                }
                assertTrue(xmx - needed < (24L << 20) + threads * (4L << 20), "heap far larger than needed: " + what);
                assertTrue(jvm.contains("-XX:+UseSerialGC"), what);
                assertTrue(jvm.contains("-XX:TrimNativeHeapInterval=1000"), what);
                assertEquals(List.of("-jar", tmp.resolve("bootnode.jar").toString()), jvm.subList(jvm.indexOf("-jar"), jvm.indexOf("-jar") + 2));
                assertEquals(args, jvm.subList(jvm.indexOf("-jar") + 2, jvm.size()), "the command's own arguments, unchanged");
            }
        }
    }

    @Test
    void anOlderJavaWithoutNativeHeapTrimmingStillStarts() throws Exception {
        List<String> jvm = launch(false, List.of("image", "pack", "/srv/tree", "--output", "x.img", "--threads", "2"));
        assertTrue(jvm.stream().noneMatch(a -> a.startsWith("-XX:TrimNativeHeapInterval")), jvm::toString);
        assertEquals(200, megabytes(jvm, "-Xmx"), jvm::toString);
    }

    @Test
    void otherCommandsGetNoImageOptions() throws Exception {
        List<String> jvm = launch(true, List.of("config", "check", "--config", "x.yaml"));
        assertEquals(List.of("-jar", tmp.resolve("bootnode.jar").toString(), "config", "check", "--config", "x.yaml"), jvm);
    }

    @Test
    void serveRunsC1OnlyAndKeepsAClassDataArchiveThatTheNextStartChecksAndUses() throws Exception {
        Path cds = tmp.resolve("cds");
        Files.writeString(tmp.resolve("bootnode.jar"), "a jar");
        Map<String, String> env = Map.of("BOOTNODE_CDS_DIR", cds.toString());
        List<String> serve = List.of("serve", "--config", "x.yaml");

        List<String> first = launch(true, true, env, serve);
        assertTrue(first.containsAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=0.1")), first::toString);
        String dump = option(first, "-XX:ArchiveClassesAtExit=");
        assertTrue(dump.startsWith(cds.resolve("bootnode-").toString()) && dump.endsWith(".jsa.part"), dump);
        assertEquals(serve, first.subList(first.size() - 3, first.size()));

        // the serve stopped and wrote its archive: the next start checks it, keeps it and maps it
        Files.writeString(Path.of(dump), "archive");
        List<String> second = launch(true, true, env, serve);
        String archive = dump.substring(0, dump.length() - ".part".length());
        assertEquals(archive, option(second, "-XX:SharedArchiveFile="));
        assertTrue(Files.exists(Path.of(archive)) && !Files.exists(Path.of(dump)));
        assertEquals(archive, option(launch(true, true, env, serve), "-XX:SharedArchiveFile="));

        // an archive no JVM can map (cut short as the serve was killed) goes, and the next stop writes another
        Files.delete(Path.of(archive));
        Files.writeString(Path.of(dump), "cut short");
        List<String> third = launch(true, false, env, serve);
        assertEquals(dump, option(third, "-XX:ArchiveClassesAtExit="));
        assertFalse(Files.exists(Path.of(dump)), "the archive that failed its check is removed");

        List<String> none = launch(true, true, Map.of("BOOTNODE_CDS_DIR", ""), serve);
        assertTrue(none.stream().noneMatch(a -> a.contains("Archive")), none::toString);
    }

    private static String option(List<String> jvm, String prefix) {
        return jvm.stream().filter(a -> a.startsWith(prefix)).map(a -> a.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " in " + jvm));
    }

    /** The stand-in java's arguments when the launcher runs {@code args}; {@code trims}: whether it knows the option. */
    private List<String> launch(boolean trims, List<String> args) throws IOException, InterruptedException {
        return launch(trims, true, Map.of("BOOTNODE_CDS_DIR", ""), args);
    }

    /**
     * As above; {@code mapsArchives}: whether the stand-in's check of an archive ({@code -Xshare:on
     * ... --version}) succeeds; {@code env} added to the launcher's environment.
     */
    private List<String> launch(boolean trims, boolean mapsArchives, Map<String, String> env, List<String> args)
            throws IOException, InterruptedException {
        Path log = tmp.resolve("args");
        Files.deleteIfExists(log);
        Path java = tmp.resolve("java");
        Path unmappable = tmp.resolve("unmappable");
        if (mapsArchives) {
            Files.deleteIfExists(unmappable);
        } else {
            Files.writeString(unmappable, "");
        }
        String script = "#!/bin/sh\n"
                + "case \"$*\" in *-Xshare:on*) if [ -f '" + unmappable + "' ]; then exit 134; fi; exit 0;; esac\n"
                + "case \"$*\" in *-version*) " + (trims ? "exit 0" : "echo 'Unrecognized VM option' >&2; exit 1") + ";; esac\n"
                + "for a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + log + "'\n";
        // the same java each time (the archive's name follows the binary's size and time)
        if (!Files.exists(java) || !Files.readString(java).equals(script)) {
            Files.writeString(java, script);
        }
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> command = new ArrayList<>(List.of("sh", LAUNCHER.toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("JAVA", java.toString());
        pb.environment().put("BOOTNODE_JAR", tmp.resolve("bootnode.jar").toString());
        pb.environment().remove("BOOTNODE_JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "launcher did not finish");
        assertEquals(0, p.exitValue(), output);
        return Files.readAllLines(log);
    }

    private static long megabytes(List<String> jvm, String option) {
        String last = null;
        for (String a : jvm) {
            if (a.startsWith(option)) {
                last = a;
            }
        }
        assertTrue(last != null && last.endsWith("m"), option + " in " + jvm);
        return Long.parseLong(last.substring(option.length(), last.length() - 1));
    }
}
