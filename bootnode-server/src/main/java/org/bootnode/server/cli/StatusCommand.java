package org.bootnode.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bootnode status [--url URL]}: the boot timeline of each node. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the boot timeline of each node.")
final class StatusCommand implements Callable<Integer> {
    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "The server's HTTP address (default: ${DEFAULT-VALUE}).")
    String url;

    @Override
    public Integer call() {
        throw new NotYetAvailable("status");
    }
}
