package org.bootnode.storm;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * CPU time and peak memory of server processes and their descendants, from Linux's
 * {@code /proc/PID/stat} (utime, stime, and cutime, cstime of children it has waited for;
 * proc(5)) and {@code /proc/PID/status} (VmHWM, the peak resident set).
 *
 * @param cpuSeconds user + system time of all of them, in seconds
 * @param peakRssKib the largest VmHWM of any of them, KiB
 * @param sumPeakRssKib VmHWM added over all of them (an upper bound of their joint peak), KiB
 * @param processes  how many processes were read
 */
record ProcessStats(double cpuSeconds, long peakRssKib, long sumPeakRssKib, int processes) {
    /** Linux's USER_HZ on every architecture bootnode runs on (sysconf(_SC_CLK_TCK)). */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final int MAX_PROCESSES = 1024;

    static final ProcessStats NONE = new ProcessStats(0, 0, 0, 0);

    /** {@code pids} and their descendants now (at most 1024). */
    static List<Long> withDescendants(List<Long> pids) {
        Set<Long> all = new LinkedHashSet<>();
        List<Long> todo = new ArrayList<>(pids);
        while (!todo.isEmpty() && all.size() < MAX_PROCESSES) {
            long pid = todo.remove(todo.size() - 1);
            if (all.add(pid)) {
                todo.addAll(children(pid));
            }
        }
        return new ArrayList<>(all);
    }

    /** Reads {@code pids} and their descendants now; a process that is gone counts nothing. */
    static ProcessStats read(List<Long> pids) {
        List<Long> all = withDescendants(pids);
        double cpu = 0;
        long peak = 0;
        long sum = 0;
        int n = 0;
        for (long pid : all) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                // comm (field 2) may hold spaces and parentheses: the fields after it follow the last ')'.
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
                // f[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
                cpu += ticks / TICKS_PER_SECOND;
                long hwm = vmHwm(pid);
                peak = Math.max(peak, hwm);
                sum += hwm;
                n++;
            } catch (IOException | RuntimeException e) {
                // gone between listing and reading: nothing to count
            }
        }
        return new ProcessStats(cpu, peak, sum, n);
    }

    private static long vmHwm(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        }
        return 0;
    }

    private static List<Long> children(long pid) {
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                for (String c : Files.readString(task.resolve("children")).trim().split("\\s+")) {
                    if (!c.isEmpty()) {
                        out.add(Long.parseLong(c));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone: no children to add
        }
        return out;
    }

    ProcessStats minusCpu(ProcessStats before) {
        return new ProcessStats(cpuSeconds - before.cpuSeconds, peakRssKib, sumPeakRssKib, processes);
    }
}
