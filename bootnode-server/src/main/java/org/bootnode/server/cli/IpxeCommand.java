package org.bootnode.server.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.BootUrls;
import org.bootnode.server.ScriptRenderer;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.ConfigException;
import org.bootnode.server.config.ConfigReader;
import org.bootnode.server.config.HttpSection;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.scripts.IpxeScriptRenderer;
import org.bootnode.server.inventory.Inventory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bootnode ipxe ...}: iPXE scripts. */
@Command(name = "ipxe", mixinStandardHelpOptions = true,
        description = "iPXE scripts.",
        subcommands = IpxeCommand.Render.class)
final class IpxeCommand {

    /** {@code bootnode ipxe render --config FILE --mac MAC}: the script {@code serve} would hand that node. */
    @Command(name = "render", mixinStandardHelpOptions = true,
            description = "Print the iPXE script that serve hands the node with this MAC.")
    static final class Render implements Callable<Integer> {
        @Option(names = "--config", required = true, paramLabel = "FILE") Path config;
        @Option(names = "--mac", required = true, paramLabel = "MAC") String mac;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            MacAddress address;
            try {
                address = MacAddress.parseEthernet(mac);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("bootnode: --" + e.getMessage());
                return BootnodeCommand.EXIT_USAGE;
            }
            BootConfig c;
            try {
                c = ConfigReader.read(config);
            } catch (ConfigException e) {
                e.problems().forEach(p -> spec.commandLine().getErr().println(p));
                return BootnodeCommand.EXIT_FAILURE;
            }
            Optional<NodeSpec> node = c.node(address);
            if (node.isEmpty()) {
                spec.commandLine().getErr().println("bootnode: no node has mac " + address + " in " + config);
                return BootnodeCommand.EXIT_FAILURE;
            }
            int port = c.http().map(HttpSection::port).orElse(HttpSection.DEFAULT_PORT);
            BootUrls urls = BootUrls.of(c.server().address(), port);
            ScriptRenderer renderer = new IpxeScriptRenderer();
            Inventory inventory = new Inventory(c);
            spec.commandLine().getOut().print(renderer.nodeScript(node.get(), inventory.imageOf(node.get()),
                    inventory.failsafeFor(node.get()), urls,
                    c.overlays().map(o -> !o.layers(node.get()).isEmpty()).orElse(false)));
            spec.commandLine().getOut().flush();
            return BootnodeCommand.EXIT_OK;
        }
    }
}
