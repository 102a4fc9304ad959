package org.bootnode.server.cli;

import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import org.bootnode.server.BootServer;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.ConfigException;
import org.bootnode.server.config.ConfigReader;
import org.bootnode.server.transport.Transports;
import org.bootnode.store.postgres.StoreStartException;
import org.bootnode.tftp.server.FastPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bootnode serve --config FILE}: runs DHCP, TFTP and HTTP until stopped. SIGHUP re-reads
 * the file and swaps nodes and images (a bad file is reported and the old one kept); SIGTERM or
 * SIGINT stops every server cleanly and exits 0. A {@code store.postgres} database that cannot be
 * used at start (unreachable, credentials refused, schema newer than this jar) is one line on
 * stderr and exit 1.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run DHCP, TFTP and HTTP until stopped (SIGHUP reloads nodes and images, SIGTERM stops).")
final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The YAML configuration.")
    Path config;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        BootConfig first;
        try {
            first = ConfigReader.read(config);
        } catch (ConfigException e) {
            e.problems().forEach(p -> spec.commandLine().getErr().println(p));
            spec.commandLine().getErr().flush();
            return BootnodeCommand.EXIT_FAILURE;
        }
        // Signals arrive on the JVM's signal thread; the work happens here, one at a time.
        BlockingQueue<String> signals = new LinkedBlockingQueue<>(16);
        Signals.install(signals);
        // The CLI, not the embeddable BootServer, reads -Dbootnode.poll.micros (docs/server.md).
        FastPath fastPath;
        try {
            fastPath = Transports.fastPath(System.getProperty(Transports.POLL_PROPERTY));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine().getErr().flush();
            return BootnodeCommand.EXIT_FAILURE;
        }
        try (BootServer server = BootServer.builder().config(first).fastPath(fastPath).start()) {
            log.info("bootnode: ready (pid {}); SIGHUP reloads {}, SIGTERM stops", ProcessHandle.current().pid(), config);
            while (true) {
                String signal = signals.take();
                if (signal.equals("HUP")) {
                    reload(server, config);
                } else {
                    log.info("bootnode: SIG{} received, stopping", signal);
                    break;
                }
            }
        } catch (StoreStartException e) {
            // Wrong password, database unreachable, schema newer than this jar: one line, exit 1.
            spec.commandLine().getErr().println("bootnode: store.postgres: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return BootnodeCommand.EXIT_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("bootnode: stopped");
        return BootnodeCommand.EXIT_OK;
    }

    /** Applies the file again; a bad one is counted and logged, and the running configuration stays. */
    static void reload(BootServer server, Path config) {
        try {
            server.reload(() -> ConfigReader.read(config));
        } catch (ConfigException e) {
            server.metrics().reloadErrors.increment();
            log.error("reload refused, keeping the running configuration:\n{}", e.getMessage());
        } catch (IllegalArgumentException e) {
            // BootServer.reload's refusal (DHCP's reservations): its message says what and why.
            server.metrics().reloadErrors.increment();
            log.error("reload refused, keeping the running configuration: {}", e.getMessage());
        } catch (RuntimeException e) {
            server.metrics().reloadErrors.increment();
            log.error("reload refused, keeping the running configuration: {}", e.toString());
        }
    }
}
