package org.bootnode.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A long-running external program (a server, a client daemon, a VM) whose output goes to a log
 * file; closing it kills it and its children.
 */
public final class BackgroundProcess implements AutoCloseable {
    private final List<String> command;
    private final Process process;
    private final Path log;

    private BackgroundProcess(List<String> command, Process process, Path log) {
        this.command = command;
        this.process = process;
        this.log = log;
    }

    /** Starts the command with standard output and error appended to {@code log}. */
    public static BackgroundProcess start(Path log, List<String> command) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            return new BackgroundProcess(List.copyOf(command), process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** The process, e.g. to send it a signal through its pid. */
    public Process process() {
        return process;
    }

    /** The log file. */
    public Path log() {
        return log;
    }

    /** What the process printed so far. */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the log satisfies {@code condition}, polling the file; fails with the log when
     * the deadline passes or the process exits first.
     */
    public String awaitOutput(Duration limit, Predicate<String> condition, String what) {
        Instant deadline = Instant.now().plus(limit);
        while (true) {
            String text = output();
            if (condition.test(text)) {
                return text;
            }
            if (!process.isAlive()) {
                throw new AssertionError(what + ": " + String.join(" ", command) + " exited "
                        + process.exitValue() + " first\n--- log\n" + tail(text));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + ": not seen within " + limit + "\n--- log\n" + tail(text));
            }
            try {
                // Polling a file: the process writes it, nothing to wait on but time.
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Waits for the process to exit by itself; returns its exit code. */
    public int awaitExit(Duration limit) {
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(String.join(" ", command) + " still running after " + limit
                        + "\n--- log\n" + tail(output()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return process.exitValue();
    }

    private static String tail(String text) {
        return text.length() <= 8000 ? text : "..." + text.substring(text.length() - 8000);
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
