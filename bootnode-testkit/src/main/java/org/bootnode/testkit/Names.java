package org.bootnode.testkit;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names for namespaces and interfaces that do not collide between tests running at the same
 * time, in this JVM or another: a short prefix, this process's id and a counter, at most 15
 * characters (the kernel's limit for interface names).
 */
public final class Names {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String PID = Long.toString(ProcessHandle.current().pid() % 1_679_616, 36);

    private Names() {}

    /** A fresh name: {@code prefix} (1 to 6 letters or digits), pid, counter. */
    public static String unique(String prefix) {
        if (!prefix.matches("[a-z0-9]{1,6}")) {
            throw new IllegalArgumentException("prefix: " + prefix + " (expected: 1..6 of [a-z0-9])");
        }
        String name = prefix + PID + "x" + Integer.toString(COUNTER.incrementAndGet(), 36);
        if (name.length() > 15) {
            throw new IllegalStateException("name too long for an interface: " + name);
        }
        return name;
    }
}
