package org.bootnode.ipxe.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds mistakes iPXE only reports when it runs the script: unknown commands, {@code goto}
 * to a missing label, duplicate labels, and scripts from whose start no path leaves the
 * script by booting, chaining, exiting, rebooting or powering off. It reads a script as a
 * list of {@link Step}s, one per statement.
 */
public final class Linter {

    /** Commands of upstream iPXE (src/hci/commands, src/image, src/core) that the model keeps as tokens. */
    private static final Set<String> KNOWN = Set.of(
            "autoboot", "certstat", "certstore", "certfree", "colour", "cpair", "console", "cpuid",
            "digest", "md5sum", "sha1sum", "sha256sum", "fcstat", "fcels", "gdbstub", "help",
            "ibstat", "ifclose", "ifopen", "ifstat", "imgexec", "imgfree", "imgload", "imgselect",
            "imgstat", "imgextract", "imgdecrypt", "imgmem", "imgmulti", "inc", "ipstat", "iwlist",
            "iwstat", "login", "lotest", "nslookup", "nstat", "pciscan", "ping", "profstat", "read",
            "replace", "route", "sanboot", "sanhook", "sanunhook", "show", "sync", "time", "vcreate",
            "vdestroy", "nrestart", "neighbour", "shim", "usbscan", "fdt", "pxebs", "stoupper");

    /** Of those, the ones after which the script does not go on (when they succeed). */
    private static final Set<String> LEAVES = Set.of("imgexec", "sanboot", "autoboot");

    /** What a finding is about. */
    public enum Problem {
        /** A command iPXE does not have. */
        UNKNOWN_COMMAND,
        /** {@code goto} to a label that the script does not define. */
        MISSING_LABEL,
        /** A label defined twice. */
        DUPLICATE_LABEL,
        /** No path from the start leaves the script. */
        NO_EXIT_PATH
    }

    /**
     * A finding.
     *
     * @param problem what kind
     * @param line the line in the rendered script (the signature is line 1), or 0 for the whole script
     * @param message a sentence for a person
     */
    public record Finding(Problem problem, int line, String message) {
    }

    /**
     * One statement as the linter sees it: a label, or commands (none for a blank or comment line).
     *
     * @param label the label's name, or null
     * @param commands the commands on the line, in order
     */
    public record Step(String label, List<Call> commands) {
        /** A label line. */
        public static Step label(String name) {
            return new Step(name, List.of());
        }
    }

    /**
     * One command on a line.
     *
     * @param name its name
     * @param gotoTarget for {@code goto}, its literal target, or null for a target read from a setting
     * @param isGoto whether it is {@code goto}
     */
    public record Call(String name, String gotoTarget, boolean isGoto) {
    }

    private Linter() {
    }

    /** The findings for a script, in line order; {@code table} says which commands the model knows. */
    public static List<Finding> lint(List<Step> steps, CommandTable<?, ?> table) {
        List<Finding> findings = new ArrayList<>();
        Map<String, Integer> labels = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            String label = steps.get(i).label();
            if (label != null) {
                Integer first = labels.putIfAbsent(label, i);
                if (first != null) {
                    findings.add(new Finding(Problem.DUPLICATE_LABEL, line(i), "label :" + label
                            + " is already defined on line " + line(first) + "; goto finds the first"));
                }
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            for (Call call : steps.get(i).commands()) {
                if (!table.has(call.name()) && !KNOWN.contains(call.name())) {
                    findings.add(new Finding(Problem.UNKNOWN_COMMAND, line(i),
                            "unknown command \"" + call.name() + "\""));
                }
                if (call.isGoto() && call.gotoTarget() != null && !labels.containsKey(call.gotoTarget())) {
                    findings.add(new Finding(Problem.MISSING_LABEL, line(i),
                            "goto " + call.gotoTarget() + ": no label :" + call.gotoTarget()));
                }
            }
        }
        if (!reachesExit(steps, labels, table)) {
            findings.add(new Finding(Problem.NO_EXIT_PATH, 0,
                    "no path from the start reaches boot, chain, exit, reboot or poweroff"));
        }
        return findings;
    }

    private static int line(int index) {
        return index + 2;
    }

    /** Walks the lines reachable from the start: falling through and following gotos. */
    private static boolean reachesExit(List<Step> steps, Map<String, Integer> labels, CommandTable<?, ?> table) {
        BitSet seen = new BitSet();
        Deque<Integer> work = new ArrayDeque<>();
        work.add(0);
        while (!work.isEmpty()) {
            int i = work.pop();
            if (i >= steps.size() || seen.get(i)) {
                continue;
            }
            seen.set(i);
            List<Call> calls = steps.get(i).commands();
            for (Call call : calls) {
                if (table.leavesScript(call.name()) || LEAVES.contains(call.name())) {
                    return true;
                }
                if (call.isGoto()) {
                    if (call.gotoTarget() != null) {
                        Integer target = labels.get(call.gotoTarget());
                        if (target != null) {
                            work.push(target);
                        }
                    } else {
                        work.addAll(labels.values());
                    }
                }
            }
            // A line that is only "goto x" never falls through to the next line.
            if (!(calls.size() == 1 && calls.get(0).isGoto())) {
                work.push(i + 1);
            }
        }
        return false;
    }
}
