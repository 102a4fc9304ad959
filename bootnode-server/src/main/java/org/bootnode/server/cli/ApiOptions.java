package org.bootnode.server.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command on the admin API takes: where it is, how to prove who you are, how to print. */
final class ApiOptions {
    /** The admin listener's default address. */
    static final String DEFAULT_URL = "http://127.0.0.1:9080";

    @Option(names = "--url", paramLabel = "URL", defaultValue = DEFAULT_URL,
            description = "The admin listener (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "A file whose first line is a bearer token (admin.tokens on the server).")
    Path tokenFile;

    @Option(names = "--cacert", paramLabel = "FILE",
            description = "PEM certificates to trust for an https:// URL (default: the system's).")
    Path cacert;

    @Option(names = "--json", description = "Print the API's JSON instead of a table.")
    boolean json;
}
