package org.bootnode.server.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bootnode.server.log.LogText;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bootnode node list|show|add|set|rm|adopt}: the nodes, through the admin API. A change is
 * kept by the server in its node files; {@code set} reads the node, changes what it is told and
 * writes it back with {@code If-Match}, so that a change made meanwhile is refused (412), not lost.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "List, show, add, change, remove and adopt nodes through the admin API.",
        subcommands = {NodeCommand.ListNodes.class, NodeCommand.Show.class, NodeCommand.Add.class, NodeCommand.Set.class,
            NodeCommand.Remove.class, NodeCommand.Adopt.class})
final class NodeCommand {
    private NodeCommand() {}

    /** {@code bootnode node list}: one line per node. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "One line per node: name, group, address, MAC, image, state, last boot.")
    static final class ListNodes extends ApiCommand {
        @Option(names = "--group", paramLabel = "NAME", description = "Only the nodes of this group.")
        String group;

        @Option(names = "--state", paramLabel = "STATE", description = "Only the nodes in this state (booted, unseen, kernel...).")
        String state;

        @Option(names = "--unknown", description = "List the MACs heard that no node names instead.")
        boolean unknown;

        @Override
        void run(ApiClient client) throws ApiClient.Failure {
            ApiClient.Answer a = client.get("/api/nodes");
            if (api.json) {
                printJson(a);
                return;
            }
            Object doc = a.json();
            if (unknown) {
                TextTable t = new TextTable("MAC", "SUBNET", "ARCH", "STATE", "FIRST-SEEN", "LAST-SEEN");
                for (Object o : list(doc, "unknown")) {
                    Map<?, ?> u = object(o, "an unknown MAC");
                    t.row(u.get("mac"), u.get("subnet"), u.get("arch"), u.get("state"), u.get("first-seen"), u.get("last-seen"));
                }
                out().print(t);
                return;
            }
            TextTable t = new TextTable("NAME", "GROUP", "IP", "MAC", "IMAGE", "STATE", "LAST-BOOT");
            for (Object o : list(doc, "nodes")) {
                Map<?, ?> n = object(o, "a node");
                if ((group == null || group.equals(n.get("group"))) && (state == null || state.equals(n.get("state")))) {
                    t.row(n.get("name"), n.get("group"), n.get("ip"), n.get("mac"), n.get("image"), n.get("state"), n.get("last-boot"));
                }
            }
            out().print(t);
        }
    }

    /** {@code bootnode node show NAME}: the node, its resolved settings, its lease and its recent boots. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "A node's settings, lease and recent boots.")
    static final class Show extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "The node's name (or MAC).")
        String name;

        @Override
        void run(ApiClient client) throws ApiClient.Failure {
            ApiClient.Answer a = client.get("/api/nodes/" + segment(name));
            if (api.json) {
                printJson(a);
                return;
            }
            Map<?, ?> n = object(a.json(), "a node");
            TextTable head = new TextTable("KEY", "VALUE");
            for (String key : List.of("name", "mac", "ip", "group", "image", "state", "last-boot")) {
                head.row(key, n.get(key));
            }
            out().print(head);
            if (n.get("settings") instanceof List<?> settings && !settings.isEmpty()) {
                TextTable t = new TextTable("SETTING", "VALUE", "FROM");
                for (Object o : settings) {
                    Map<?, ?> s = object(o, "a setting");
                    t.row(s.get("key"), s.get("value"), s.get("from"));
                }
                out().println();
                out().print(t);
            }
            if (n.get("lease") instanceof Map<?, ?> lease) {
                out().println();
                out().print(new TextTable("LEASE", "MAC", "STATE", "EXPIRES", "SUBNET")
                        .row(lease.get("ip"), lease.get("mac"), lease.get("state"), lease.get("expires"), lease.get("subnet")));
            }
            if (n.get("boots") instanceof List<?> boots && !boots.isEmpty()) {
                TextTable t = new TextTable("BOOT", "TIME", "STAGE", "BYTES", "DETAIL");
                int i = 1;
                for (Object boot : boots) {
                    for (Object o : boot instanceof List<?> l ? l : List.of()) {
                        Map<?, ?> e = object(o, "an event");
                        t.row(i, e.get("time"), e.get("stage"), e.get("bytes"), e.get("detail"));
                    }
                    i++;
                }
                out().println();
                out().print(t);
            }
        }
    }

    /** The fields a node is given on the command line. */
    static final class Fields {
        @Option(names = "--mac", paramLabel = "MAC", description = "Its MAC address.")
        String mac;

        @Option(names = "--ip", paramLabel = "ADDRESS", description = "Its reserved address.")
        String ip;

        @Option(names = "--group", paramLabel = "NAME", description = "Its group.")
        String group;

        @Option(names = "--image", paramLabel = "NAME", description = "Its image.")
        String image;

        @Option(names = "--cmdline", paramLabel = "TEXT", description = "Its own kernel arguments.")
        String cmdline;

        void into(Map<String, Object> input) {
            put(input, "mac", mac);
            put(input, "ip", ip);
            put(input, "group", group);
            put(input, "image", image);
            put(input, "cmdline", cmdline);
        }

        private static void put(Map<String, Object> input, String key, String value) {
            if (value != null) {
                input.put(key, value.isEmpty() ? null : value);
            }
        }
    }

    /** {@code bootnode node add NAME --mac MAC [--ip ...]}. */
    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a node (kept in the server's node files).")
    static final class Add extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "The node's name (a host name).")
        String name;

        @ArgGroup(exclusive = false, multiplicity = "1")
        Fields fields;

        @Override
        void run(ApiClient client) throws ApiClient.Failure, ApiClient.Usage {
            if (fields.mac == null) {
                throw new ApiClient.Usage("node add: --mac is required");
            }
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("name", name);
            fields.into(input);
            input.values().removeIf(v -> v == null);
            ApiClient.Answer a = client.send("POST", "/api/nodes", input, Map.of());
            report(this, a, "added");
        }
    }

    /** {@code bootnode node set NAME [--ip ...]}: GET, change, PUT with If-Match. */
    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Change a node: read it, change the fields given (an empty value clears one), write it back with If-Match.")
    static final class Set extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "The node's name.")
        String name;

        @ArgGroup(exclusive = false, multiplicity = "1")
        Fields fields;

        @Override
        void run(ApiClient client) throws ApiClient.Failure {
            String path = "/api/nodes/" + segment(name);
            ApiClient.Answer current = client.get(path);
            String etag = current.header("ETag").orElseThrow(() -> new ApiClient.Failure(path + ": the server sent no ETag"));
            Map<String, Object> input = NodeInputs.of(object(current.json(), "a node"));
            fields.into(input);
            input.values().removeIf(v -> v == null);
            ApiClient.Answer a;
            try {
                a = client.send("PUT", path, input, Map.of("If-Match", etag));
            } catch (ApiClient.Failure e) {
                if (e.getMessage().contains(": 412")) {
                    throw new ApiClient.Failure(e.getMessage() + "; " + name + " was changed meanwhile: nothing written, run set again");
                }
                throw e;
            }
            report(this, a, "updated");
        }
    }

    /** {@code bootnode node rm NAME}. */
    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove a node (from the server's node files).")
    static final class Remove extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "The node's name.")
        String name;

        @Override
        void run(ApiClient client) throws ApiClient.Failure {
            client.send("DELETE", "/api/nodes/" + segment(name), null, Map.of());
            if (!api.json) {
                out().println("removed " + LogText.escape(name));
            }
        }
    }

    /** {@code bootnode node adopt MAC --name NAME [--ip ...]}: make an unknown MAC a node. */
    @Command(name = "adopt", mixinStandardHelpOptions = true,
            description = "Make a MAC heard on the network a node (its address from the pool of its subnet unless given).")
    static final class Adopt extends ApiCommand {
        @Parameters(paramLabel = "MAC", description = "The MAC, as bootnode node list --unknown shows it.")
        String mac;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "The new node's name.")
        String name;

        @Option(names = "--ip", paramLabel = "ADDRESS", description = "Its address (default: a free one of its subnet).")
        String ip;

        @Option(names = "--group", paramLabel = "NAME", description = "Its group.")
        String group;

        @Option(names = "--image", paramLabel = "NAME", description = "Its image.")
        String image;

        @Override
        void run(ApiClient client) throws ApiClient.Failure {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("name", name);
            if (ip != null) {
                input.put("ip", ip);
            }
            if (group != null) {
                input.put("group", group);
            }
            if (image != null) {
                input.put("image", image);
            }
            report(this, client.send("POST", "/api/unknown/" + segment(mac) + "/adopt", input, Map.of()), "adopted");
        }
    }

    /** Prints the node the API answered with: its JSON, or one line. */
    private static void report(ApiCommand command, ApiClient.Answer a, String verb) throws ApiClient.Failure {
        if (command.api.json) {
            command.printJson(a);
            return;
        }
        Map<?, ?> n = ApiCommand.object(a.json(), "a node");
        List<String> parts = new ArrayList<>();
        for (String key : List.of("mac", "ip", "group", "image")) {
            if (n.get(key) != null) {
                parts.add(key + " " + n.get(key));
            }
        }
        command.out().println(LogText.escape(verb + " " + n.get("name") + ": " + String.join(", ", parts)));
    }
}
