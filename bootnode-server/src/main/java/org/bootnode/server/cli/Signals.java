package org.bootnode.server.cli;

import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * POSIX signals for {@code serve}, through {@code sun.misc.Signal}: the JDK has no public API
 * for SIGHUP at all, and a shutdown hook cannot make SIGTERM exit 0 (the JVM exits 143). The
 * class lives in the {@code jdk.unsupported} module, which is there to stay for exactly this
 * use (JEP 260); if a JVM lacks a signal, {@code serve} runs without it and says so.
 */
final class Signals {
    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private Signals() {}

    @SuppressWarnings("removal")
    static void install(BlockingQueue<String> queue) {
        for (String name : new String[] {"HUP", "TERM", "INT"}) {
            try {
                SignalHandler old = Signal.handle(new Signal(name), s -> queue.offer(name));
                String warning = ignoredWarning(name, old == SignalHandler.SIG_IGN);
                if (warning != null) {
                    LOG.warn(warning);
                }
            } catch (IllegalArgumentException e) {
                LOG.warn("signal SIG{} cannot be handled here: {}", name, e.getMessage());
            }
        }
    }

    /**
     * What to say when a signal was ignored by the parent (nohup ignores SIGHUP; a shell ignores
     * SIGINT for background jobs): the JVM then keeps it ignored and never calls the handler,
     * without an error. SIGINT ignored is the normal case of a background job: nothing to say.
     */
    static String ignoredWarning(String name, boolean ignoredByParent) {
        if (!ignoredByParent) {
            return null;
        }
        return switch (name) {
            case "HUP" -> "SIGHUP was ignored when bootnode started (nohup?) and stays ignored: "
                    + "kill -HUP will not reload; start it without nohup (systemd does not ignore it)";
            case "TERM" -> "SIGTERM was ignored when bootnode started and stays ignored: stop it with SIGINT";
            default -> null;
        };
    }
}
