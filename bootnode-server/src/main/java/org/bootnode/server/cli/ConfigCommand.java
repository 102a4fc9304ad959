package org.bootnode.server.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bootnode.server.admin.AdminTls;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.ConfigException;
import org.bootnode.server.config.ConfigProblem;
import org.bootnode.server.config.ConfigReader;
import org.bootnode.server.config.NodeSettings;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.api.Json;
import org.bootnode.server.log.LogText;
import org.bootnode.server.overlay.OverlayCheck;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bootnode config ...}: work on configuration files. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Work on configuration files.",
        subcommands = {ConfigCommand.Check.class, ConfigCommand.Show.class})
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
                if (c.admin().isPresent() && c.admin().get().tls() != null) {
                    // The PEM files are parsed as serve parses them, so that a check that passes means a start that does.
                    try {
                        AdminTls.load(c.admin().get().tls());
                    } catch (IllegalArgumentException e) {
                        spec.commandLine().getErr().println(config + ": " + e.getMessage());
                        return BootnodeCommand.EXIT_FAILURE;
                    }
                }
                List<ConfigProblem> overlays = OverlayCheck.problems(c);
                if (!overlays.isEmpty()) {
                    overlays.forEach(p -> spec.commandLine().getErr().println(p));
                    return BootnodeCommand.EXIT_FAILURE;
                }
                List<String> servers = new ArrayList<>();
                c.dhcp().ifPresent(d -> servers.add((d.proxy() ? "proxyDHCP" : "DHCP")
                        + (c.store().isPresent() ? " (leases in PostgreSQL)" : "")));
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

    /**
     * {@code bootnode config show --config FILE --node NAME [--json]}: the node's resolved
     * settings, one a line, each with where it came from.
     */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print a node's resolved settings and where each came from (default, group NAME, node...).")
    static final class Show implements Callable<Integer> {
        @Option(names = "--config", required = true, paramLabel = "FILE", description = "The YAML configuration.")
        Path config;

        @Option(names = "--node", required = true, paramLabel = "NAME", description = "The node's name.")
        String node;

        @Option(names = "--json", description = "Print a JSON array of {key, value, source}.")
        boolean json;

        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            BootConfig c;
            try {
                c = ConfigReader.read(config);
            } catch (ConfigException e) {
                e.problems().forEach(p -> spec.commandLine().getErr().println(p));
                return BootnodeCommand.EXIT_FAILURE;
            }
            NodeSpec n = c.nodes().get(node);
            if (n == null) {
                spec.commandLine().getErr().println("bootnode: no node is named " + LogText.escape(node) + " in " + config);
                return BootnodeCommand.EXIT_FAILURE;
            }
            List<NodeSettings.Setting> settings = NodeSettings.of(c, n);
            if (json) {
                List<Map<String, String>> rows = new ArrayList<>();
                for (NodeSettings.Setting s : settings) {
                    Map<String, String> row = new LinkedHashMap<>();
                    row.put("key", s.key());
                    row.put("value", s.value());
                    row.put("source", s.source());
                    rows.add(row);
                }
                spec.commandLine().getOut().println(Json.write(rows));
            } else {
                settings.forEach(s -> spec.commandLine().getOut().println(s));
            }
            spec.commandLine().getOut().flush();
            return BootnodeCommand.EXIT_OK;
        }
    }
}
