package org.bootnode.server.cli;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What the commands on the admin API share: the options, the client, and the exit codes (0 done,
 * 1 refused or failed with the API's reason on stderr, 2 a usage mistake).
 */
abstract class ApiCommand implements Callable<Integer> {
    @Mixin ApiOptions api;

    @Spec CommandSpec spec;

    /** Does the work with a client; prints to {@link #out()}. */
    abstract void run(ApiClient client) throws ApiClient.Failure, ApiClient.Usage;

    @Override
    public final Integer call() {
        try {
            run(ApiClient.of(api));
            out().flush();
            return BootnodeCommand.EXIT_OK;
        } catch (ApiClient.Usage e) {
            err("bootnode: " + e.getMessage());
            return BootnodeCommand.EXIT_USAGE;
        } catch (ApiClient.Failure e) {
            err("bootnode: " + e.getMessage());
            return BootnodeCommand.EXIT_FAILURE;
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private void err(String line) {
        out().flush();
        spec.commandLine().getErr().println(line);
        spec.commandLine().getErr().flush();
    }

    /** Prints the answer's JSON as the API sent it. */
    void printJson(ApiClient.Answer a) {
        out().println(a.body().strip());
    }

    /** A path segment, percent-encoded. */
    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The map at {@code key} of a document, or fails. */
    static Map<?, ?> object(Object doc, String what) throws ApiClient.Failure {
        if (doc instanceof Map<?, ?> m) {
            return m;
        }
        throw new ApiClient.Failure("the server's answer is not " + what);
    }

    /** The list at {@code key} of a document, or fails. */
    static List<?> list(Object doc, String key) throws ApiClient.Failure {
        if (doc instanceof Map<?, ?> m && m.get(key) instanceof List<?> l) {
            return l;
        }
        throw new ApiClient.Failure("the server's answer has no '" + key + "' list");
    }
}
