package org.bootnode.storm;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * User and system CPU time per thread of the server's processes, grouped by thread name with
 * digits folded ({@code tftp-1-2} and {@code tftp-1-1} are {@code tftp-N-N}): which of the
 * event loops, the JIT compilers, the garbage collector or the log writer spent the CPU, and
 * how much of it in the kernel (sending and receiving). From {@code /proc/PID/task/TID/stat}
 * (proc(5): comm, utime, stime).
 */
final class ThreadCpu {
    private static final double TICKS_PER_SECOND = 100.0;
    private static final int MAX_THREADS = 4096;

    private final Map<String, long[]> ticks;

    private ThreadCpu(Map<String, long[]> ticks) {
        this.ticks = ticks;
    }

    /** Reads every thread of {@code pids} now (children are not followed: give their PIDs). */
    static ThreadCpu read(List<Long> pids) {
        Map<String, long[]> out = new HashMap<>();
        int n = 0;
        for (long pid : pids) {
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : tasks) {
                    if (n++ >= MAX_THREADS) {
                        break;
                    }
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
                        long[] t = out.computeIfAbsent(comm.replaceAll("\\d+", "N"), k -> new long[2]);
                        t[0] += Long.parseLong(f[11]);
                        t[1] += Long.parseLong(f[12]);
                    } catch (IOException | RuntimeException e) {
                        // the thread ended between listing and reading
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
        }
        return new ThreadCpu(out);
    }

    /** The lines "name user s + system s", largest first, of the time since {@code before}. */
    List<String> top(ThreadCpu before, int limit) {
        List<Map.Entry<String, long[]>> d = new ArrayList<>();
        for (Map.Entry<String, long[]> e : ticks.entrySet()) {
            long[] b = before.ticks.getOrDefault(e.getKey(), new long[2]);
            long[] delta = {e.getValue()[0] - b[0], e.getValue()[1] - b[1]};
            if (delta[0] + delta[1] > 0) {
                d.add(Map.entry(e.getKey(), delta));
            }
        }
        d.sort((a, b) -> Long.compare(b.getValue()[0] + b.getValue()[1], a.getValue()[0] + a.getValue()[1]));
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, long[]> e : d.subList(0, Math.min(limit, d.size()))) {
            lines.add(String.format(Locale.ROOT, "%-18s %6.2f s (user %.2f, system %.2f)", e.getKey(),
                    (e.getValue()[0] + e.getValue()[1]) / TICKS_PER_SECOND, e.getValue()[0] / TICKS_PER_SECOND,
                    e.getValue()[1] / TICKS_PER_SECOND));
        }
        return lines;
    }
}
