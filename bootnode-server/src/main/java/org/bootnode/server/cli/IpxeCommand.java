package org.bootnode.server.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bootnode ipxe ...}: iPXE scripts. */
@Command(name = "ipxe", mixinStandardHelpOptions = true,
        description = "iPXE scripts.",
        subcommands = IpxeCommand.Render.class)
final class IpxeCommand {

    @Command(name = "render", mixinStandardHelpOptions = true,
            description = "Print the iPXE script of a node.")
    static final class Render implements Callable<Integer> {
        @Option(names = "--config", required = true, paramLabel = "FILE") Path config;
        @Option(names = "--mac", required = true, paramLabel = "MAC") String mac;

        @Override
        public Integer call() {
            throw new NotYetAvailable("ipxe render");
        }
    }
}
