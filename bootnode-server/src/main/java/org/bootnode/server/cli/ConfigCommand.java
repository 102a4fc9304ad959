package org.bootnode.server.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bootnode config ...}: work on configuration files. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Work on configuration files.",
        subcommands = ConfigCommand.Check.class)
final class ConfigCommand {
    /** {@code bootnode config check --config FILE}: exit 0, or FILE:LINE: message and exit 1. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check a configuration: exit 0, or print FILE:LINE: message and exit 1.")
    static final class Check implements Callable<Integer> {
        @Option(names = "--config", required = true, paramLabel = "FILE", description = "The YAML configuration.")
        Path config;

        @Override
        public Integer call() {
            throw new NotYetAvailable("config check");
        }
    }
}
