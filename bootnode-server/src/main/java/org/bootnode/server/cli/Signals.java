package org.bootnode.server.cli;

import java.util.concurrent.BlockingQueue;

/**
 * POSIX signals for {@code serve}, through {@code sun.misc.Signal}: the JDK has no public API
 * for SIGHUP at all, and a shutdown hook cannot make SIGTERM exit 0 (the JVM exits 143). The
 * class lives in the {@code jdk.unsupported} module, which is there to stay for exactly this
 * use (JEP 260); if a JVM lacks a signal, {@code serve} runs without it and says so.
 */
final class Signals {
    private Signals() {}

    @SuppressWarnings("removal")
    static void install(BlockingQueue<String> queue) {
        for (String name : new String[] {"HUP", "TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> queue.offer(name));
            } catch (IllegalArgumentException e) {
                org.slf4j.LoggerFactory.getLogger(Signals.class).warn("signal SIG{} cannot be handled here: {}", name, e.getMessage());
            }
        }
    }
}
