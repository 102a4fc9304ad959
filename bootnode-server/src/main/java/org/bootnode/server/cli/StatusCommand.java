package org.bootnode.server.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import org.bootnode.server.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bootnode status [--url URL]}: the boot timeline of each node, from {@code GET /api/nodes}. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the boot timeline of each node (from the server's /api/nodes).")
final class StatusCommand implements Callable<Integer> {
    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:9080",
            description = "The server's admin listener (default: ${DEFAULT-VALUE}).")
    String url;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        URI uri;
        try {
            uri = URI.create(base + "/api/nodes");
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("bootnode: --url: " + url + " (expected: http://HOST:PORT)");
            return BootnodeCommand.EXIT_USAGE;
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response;
        try {
            response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            spec.commandLine().getErr().println("bootnode: cannot reach " + uri + ": " + e);
            return BootnodeCommand.EXIT_FAILURE;
        }
        if (response.statusCode() != 200) {
            spec.commandLine().getErr().println("bootnode: " + uri + " answered " + response.statusCode());
            return BootnodeCommand.EXIT_FAILURE;
        }
        spec.commandLine().getOut().print(StatusTable.format(Json.parse(response.body()), ZoneId.systemDefault()));
        spec.commandLine().getOut().flush();
        return BootnodeCommand.EXIT_OK;
    }
}
