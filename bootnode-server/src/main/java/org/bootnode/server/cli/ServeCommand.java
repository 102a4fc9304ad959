package org.bootnode.server.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bootnode serve --config FILE}: runs DHCP, TFTP and HTTP until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run DHCP, TFTP and HTTP until stopped (SIGHUP reloads nodes and images, SIGTERM stops).")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The YAML configuration.")
    Path config;

    @Override
    public Integer call() {
        throw new NotYetAvailable("serve");
    }
}
