package org.bootnode.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.ConfigException;
import org.bootnode.server.config.ConfigReader;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.config.OverlaySection;
import org.bootnode.server.log.LogText;
import org.bootnode.server.overlay.Overlay;
import org.bootnode.server.overlay.OverlayBuilder;
import org.bootnode.server.overlay.OverlayCheck;
import org.bootnode.server.overlay.OverlayException;
import org.bootnode.server.overlay.SshHostKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bootnode overlay ...}: look at the nodes' overlays (docs/overlays.md). */
@Command(name = "overlay", mixinStandardHelpOptions = true,
        description = "Look at the nodes' overlays: the files each node gets over its image.",
        subcommands = {OverlayCommand.Render.class, OverlayCommand.ListOverlays.class})
final class OverlayCommand {
    /**
     * {@code bootnode overlay render --config FILE --node NAME --output DIR}: writes the files the
     * node would get, with their modes, and lists them. Host keys not made yet are stand-ins: the
     * server makes them at the node's first boot, and this command never does.
     */
    @Command(name = "render", mixinStandardHelpOptions = true,
            description = "Write the files a node would get into DIR (a new or empty folder) and list them.")
    static final class Render implements Callable<Integer> {
        @Option(names = "--config", required = true, paramLabel = "FILE", description = "The YAML configuration.")
        Path config;

        @Option(names = "--node", required = true, paramLabel = "NAME", description = "The node's name.")
        String node;

        @Option(names = "--output", required = true, paramLabel = "DIR", description = "Where to write the files.")
        Path output;

        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            BootConfig c;
            try {
                c = ConfigReader.read(config);
            } catch (ConfigException e) {
                e.problems().forEach(err::println);
                return BootnodeCommand.EXIT_FAILURE;
            }
            NodeSpec n = c.nodes().get(node);
            if (n == null) {
                err.println("bootnode: no node is named " + LogText.escape(node) + " in " + config);
                return BootnodeCommand.EXIT_FAILURE;
            }
            Optional<OverlayBuilder.Plan> plan = OverlayBuilder.plan(c, n);
            if (plan.isEmpty()) {
                err.println("bootnode: " + n.name() + " has no overlays");
                return BootnodeCommand.EXIT_FAILURE;
            }
            try {
                if (Files.exists(output)) {
                    try (Stream<Path> s = Files.list(output)) {
                        if (s.findAny().isPresent()) {
                            err.println("bootnode: " + output + " is not empty (expected: a new or empty folder)");
                            return BootnodeCommand.EXIT_FAILURE;
                        }
                    }
                }
                SshHostKeys store = new SshHostKeys(c.server().dataDir(), new SecureRandom());
                Overlay o = OverlayBuilder.build(c, plan.get(), OverlayBuilder.inventory(c), OverlayCheck.keysOrStandIns(store));
                Files.createDirectories(output);
                PrintWriter out = spec.commandLine().getOut();
                for (Overlay.FileEntry f : o.files()) {
                    Path to = f.hook() ? output.resolve(".bootnode/init.d").resolve(f.path()) : output.resolve(f.path());
                    Files.createDirectories(to.getParent());
                    Files.write(to, f.data());
                    Files.setPosixFilePermissions(to, permissions(f.mode()));
                    out.printf("%04o %d:%d %8d %s%s  (%s%s)%n", f.mode(), f.uid(), f.gid(), f.size(), f.hook() ? "hook " : "/", f.path(),
                            f.from(), f.secret() ? ", secret" : "");
                }
                for (Overlay.FolderEntry d : o.folders()) {
                    Files.createDirectories(output.resolve(d.path()));
                    out.printf("%04o %d:%d %8s /%s/  (%s)%n", d.mode(), d.uid(), d.gid(), "", d.path(), d.from());
                }
                o.notes().forEach(note -> out.println("note: " + note));
                out.printf("%s: %d files, %d bytes as an archive%s%s%n", n.name(), o.files().size(), o.cpio().length,
                        o.secret() ? "; secret files: only " + (n.ip() == null ? "(no ip)" : n.ip().getHostAddress()) + " may fetch it" : "",
                        o.hostKey() == null ? "" : "; ssh-ed25519 " + o.hostKey());
                out.flush();
                return BootnodeCommand.EXIT_OK;
            } catch (OverlayException e) {
                e.problems().forEach(err::println);
                return BootnodeCommand.EXIT_FAILURE;
            } catch (IOException e) {
                err.println("bootnode: " + output + ": " + e);
                return BootnodeCommand.EXIT_FAILURE;
            }
        }

        private static Set<PosixFilePermission> permissions(int mode) {
            Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
            for (PosixFilePermission p : PosixFilePermission.values()) {
                if ((mode & (1 << (8 - p.ordinal()))) != 0) {
                    out.add(p);
                }
            }
            return out;
        }
    }

    /** {@code bootnode overlay list --config FILE}: each overlay and who gets it. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the overlays and which nodes get each.")
    static final class ListOverlays implements Callable<Integer> {
        @Option(names = "--config", required = true, paramLabel = "FILE", description = "The YAML configuration.")
        Path config;

        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            BootConfig c;
            try {
                c = ConfigReader.read(config);
            } catch (ConfigException e) {
                e.problems().forEach(spec.commandLine().getErr()::println);
                return BootnodeCommand.EXIT_FAILURE;
            }
            if (c.overlays().isEmpty()) {
                spec.commandLine().getOut().println("no overlays section in " + config);
                return BootnodeCommand.EXIT_OK;
            }
            OverlaySection section = c.overlays().get();
            List<String> names;
            try {
                names = OverlayCheck.names(section);
            } catch (IOException e) {
                spec.commandLine().getErr().println("bootnode: " + section.root() + ": " + e);
                return BootnodeCommand.EXIT_FAILURE;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("root " + section.root());
            for (String name : names) {
                List<String> users = c.nodes().values().stream()
                        .filter(n -> section.layers(n).stream().anyMatch(l -> l.name().equals(name))).map(NodeSpec::name).toList();
                String shown = users.size() <= 8 ? String.join(", ", users) : String.join(", ", users.subList(0, 8)) + ", ...";
                out.printf("%-20s %5d nodes%s%n", name, users.size(), users.isEmpty() ? "" : ": " + shown);
            }
            out.flush();
            return BootnodeCommand.EXIT_OK;
        }
    }
}
