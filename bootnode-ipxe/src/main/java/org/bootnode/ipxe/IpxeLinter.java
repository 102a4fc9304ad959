package org.bootnode.ipxe;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds mistakes iPXE only reports when it runs the script: unknown commands, {@code goto}
 * to a missing label, duplicate labels, and scripts from whose start no path leaves the
 * script by booting, chaining, exiting, rebooting or powering off.
 */
final class IpxeLinter {

    /** Commands of upstream iPXE (src/hci/commands, src/image, src/core) beyond the model. */
    private static final java.util.Set<String> KNOWN = java.util.Set.of(
            "autoboot", "certstat", "certstore", "certfree", "colour", "cpair", "console", "cpuid",
            "digest", "md5sum", "sha1sum", "sha256sum", "fcstat", "fcels", "gdbstub", "help",
            "ibstat", "ifclose", "ifopen", "ifstat", "imgexec", "imgfree", "imgload", "imgselect",
            "imgstat", "imgextract", "imgdecrypt", "imgmem", "imgmulti", "inc", "ipstat", "iwlist",
            "iwstat", "login", "lotest", "nslookup", "nstat", "pciscan", "ping", "profstat", "read",
            "replace", "route", "sanboot", "sanhook", "sanunhook", "show", "sync", "time", "vcreate",
            "vdestroy", "nrestart", "neighbour", "shim", "usbscan", "fdt", "pxebs", "stoupper");

    /** Commands after which the script does not go on (when they succeed). */
    private static final java.util.Set<String> LEAVES = java.util.Set.of(
            "boot", "chain", "exit", "reboot", "poweroff", "imgexec", "sanboot", "autoboot");

    private IpxeLinter() {
    }

    static List<LintIssue> lint(IpxeScript script) {
        List<Statement> statements = script.statements();
        List<LintIssue> issues = new ArrayList<>();
        Map<String, Integer> labels = new HashMap<>();
        for (int i = 0; i < statements.size(); i++) {
            if (statements.get(i) instanceof Label label) {
                Integer first = labels.putIfAbsent(label.name(), i);
                if (first != null) {
                    issues.add(new LintIssue(LintIssue.Kind.DUPLICATE_LABEL, line(i), "label :" + label.name()
                            + " is already defined on line " + line(first) + "; goto finds the first"));
                }
            }
        }
        for (int i = 0; i < statements.size(); i++) {
            if (!(statements.get(i) instanceof Line line)) {
                continue;
            }
            for (Command command : line.commands()) {
                if (command instanceof OtherCommand other && !KNOWN.contains(other.name())) {
                    issues.add(new LintIssue(LintIssue.Kind.UNKNOWN_COMMAND, line(i),
                            "unknown command \"" + other.name() + "\""));
                }
                if (command instanceof Goto go && go.target().isLiteral()
                        && !labels.containsKey(go.target().render())) {
                    issues.add(new LintIssue(LintIssue.Kind.MISSING_LABEL, line(i),
                            "goto " + go.target().render() + ": no label :" + go.target().render()));
                }
            }
        }
        if (!reachesExit(statements, labels)) {
            issues.add(new LintIssue(LintIssue.Kind.NO_EXIT_PATH, 0,
                    "no path from the start reaches boot, chain, exit, reboot or poweroff"));
        }
        return issues;
    }

    private static int line(int index) {
        return index + 2;
    }

    /** Walks the lines reachable from the start: falling through and following gotos. */
    private static boolean reachesExit(List<Statement> statements, Map<String, Integer> labels) {
        BitSet seen = new BitSet();
        Deque<Integer> work = new ArrayDeque<>();
        work.add(0);
        while (!work.isEmpty()) {
            int i = work.pop();
            if (i >= statements.size() || seen.get(i)) {
                continue;
            }
            seen.set(i);
            if (!(statements.get(i) instanceof Line line)) {
                work.push(i + 1);
                continue;
            }
            boolean fallsThrough = true;
            for (Command command : line.commands()) {
                if (LEAVES.contains(command.name())) {
                    return true;
                }
                if (command instanceof Goto go) {
                    if (go.target().isLiteral()) {
                        Integer target = labels.get(go.target().render());
                        if (target != null) {
                            work.push(target);
                        }
                    } else {
                        work.addAll(labels.values());
                    }
                }
            }
            // A line that is only "goto x" never falls through to the next line.
            if (line.rest().isEmpty() && line.first() instanceof Goto) {
                fallsThrough = false;
            }
            if (fallsThrough) {
                work.push(i + 1);
            }
        }
        return false;
    }
}
