package org.bootnode.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs external commands with a time limit and captures what they print. */
public final class Exec {
    private Exec() {}

    /** What a finished command left: exit code, standard output and standard error. */
    public record Result(List<String> command, int exitCode, String out, String err) {
        /** Throws unless the command exited 0, with everything it printed in the message. */
        public Result ok() {
            if (exitCode != 0) {
                throw new AssertionError(describe());
            }
            return this;
        }

        /** The command, its exit code and its output, for assertion messages. */
        public String describe() {
            return String.join(" ", command) + " exited " + exitCode
                    + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** Runs the command to its end or the time limit (then kills it and throws). */
    public static Result run(Duration limit, String... command) {
        return run(limit, null, List.of(command));
    }

    /** Runs the command with the given bytes on its standard input. */
    public static Result run(Duration limit, byte[] stdin, List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        try (Drain out = new Drain(process.getInputStream()); Drain err = new Drain(process.getErrorStream())) {
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            } catch (IOException ignored) {
                // The command did not read its input: its exit code tells the rest.
            }
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not finish within " + limit
                        + "\n--- stdout\n" + out.text() + "\n--- stderr\n" + err.text());
            }
            return new Result(List.copyOf(command), process.exitValue(), out.text(), err.text());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /** Runs the command and requires exit code 0. */
    public static Result ok(Duration limit, String... command) {
        return run(limit, command).ok();
    }

    /** Reads a stream to its end on its own thread, so a chatty command never blocks on a full pipe. */
    private static final class Drain implements AutoCloseable {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Thread thread;

        Drain(InputStream in) {
            thread = new Thread(() -> {
                try (in) {
                    in.transferTo(bytes);
                } catch (IOException ignored) {
                    // The process died: what was read so far is what there is.
                }
            }, "exec-drain");
            thread.setDaemon(true);
            thread.start();
        }

        String text() {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }
}
