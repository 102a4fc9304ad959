package org.bootnode.server.cli;

import java.util.Map;
import org.bootnode.server.log.LogText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code bootnode lease list|release}: DHCP's leases, through the admin API. */
@Command(name = "lease", mixinStandardHelpOptions = true, description = "List DHCP leases, or release one.",
        subcommands = {LeaseCommand.ListLeases.class, LeaseCommand.Release.class})
final class LeaseCommand {
    private LeaseCommand() {}

    /** {@code bootnode lease list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "One line per lease: address, MAC, state, expiry, subnet, node.")
    static final class ListLeases extends ApiCommand {
        @Override
        void run(ApiClient client) throws ApiClient.Failure {
            ApiClient.Answer a = client.get("/api/leases");
            if (api.json) {
                printJson(a);
                return;
            }
            TextTable t = new TextTable("IP", "MAC", "STATE", "EXPIRES", "SUBNET", "NODE");
            for (Object o : list(a.json(), "leases")) {
                Map<?, ?> l = object(o, "a lease");
                t.row(l.get("ip"), l.get("mac"), l.get("state"), l.get("expires"), l.get("subnet"), l.get("node"));
            }
            out().print(t);
        }
    }

    /** {@code bootnode lease release IP}: the address is free again (journalled as a DHCPRELEASE). */
    @Command(name = "release", mixinStandardHelpOptions = true, description = "Release the lease on an address.")
    static final class Release extends ApiCommand {
        @Parameters(paramLabel = "IP", description = "The leased address.")
        String ip;

        @Override
        void run(ApiClient client) throws ApiClient.Failure {
            client.send("DELETE", "/api/leases/" + segment(ip), null, Map.of());
            if (!api.json) {
                out().println("released " + LogText.escape(ip));
            }
        }
    }
}
