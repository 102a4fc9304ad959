package org.bootnode.server.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bootnode.testkit.BackgroundProcess;

/** A running qemu VM whose serial console is its log; closing it kills the VM. */
final class QemuNode implements AutoCloseable {
    private final String name;
    private final Firmware firmware;
    private final BackgroundProcess process;
    private final long startNanos;

    private QemuNode(String name, Firmware firmware, BackgroundProcess process, long startNanos) {
        this.name = name;
        this.firmware = firmware;
        this.process = process;
        this.startNanos = startNanos;
    }

    static QemuNode start(String name, Firmware firmware, Path serialLog, List<String> command) {
        long start = System.nanoTime();
        return new QemuNode(name, firmware, BackgroundProcess.start(serialLog, command), start);
    }

    String name() {
        return name;
    }

    Firmware firmware() {
        return firmware;
    }

    /** The serial console so far. */
    String console() {
        return process.output();
    }

    boolean running() {
        return process.process().isAlive();
    }

    /** Time since the VM was started. */
    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /**
     * Waits up to {@code limit} for the VM to exit; true when it did. Also the bounded pause of
     * a poll loop: it returns at once when the VM dies.
     */
    boolean awaitExit(Duration limit) {
        try {
            return process.process().waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    Path log() {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
    }
}
