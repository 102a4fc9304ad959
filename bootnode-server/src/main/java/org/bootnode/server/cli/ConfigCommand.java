package org.bootnode.server.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.ConfigException;
import org.bootnode.server.config.ConfigReader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            try {
                BootConfig c = ConfigReader.read(config);
                List<String> servers = new ArrayList<>();
                c.dhcp().ifPresent(d -> servers.add(d.proxy() ? "proxyDHCP" : "DHCP"));
                c.tftp().ifPresent(t -> servers.add("TFTP"));
                c.http().ifPresent(h -> servers.add("HTTP"));
                spec.commandLine().getOut().printf("%s: ok: %d nodes, %d images; serves %s%n", config,
                        c.nodes().size(), c.images().size(), servers.isEmpty() ? "nothing" : String.join(", ", servers));
                return BootnodeCommand.EXIT_OK;
            } catch (ConfigException e) {
                e.problems().forEach(p -> spec.commandLine().getErr().println(p));
                return BootnodeCommand.EXIT_FAILURE;
            }
        }
    }
}
