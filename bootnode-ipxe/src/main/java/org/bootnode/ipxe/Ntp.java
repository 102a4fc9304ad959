package org.bootnode.ipxe;

import java.util.Objects;

/**
 * {@code ntp server}: set the clock from an NTP server.
 *
 * @param server the server's name or address
 */
public record Ntp(Value server) implements Command {

    /** Checks the server. */
    public Ntp {
        Objects.requireNonNull(server, "server");
    }

    @Override
    public String name() {
        return "ntp";
    }
}
