package org.bootnode.ipxe;

import java.util.Objects;
import org.bootnode.ipxe.internal.CommandSpec;

/**
 * {@code ntp server}: set the clock from an NTP server.
 *
 * @param server the server's name or address
 */
public record Ntp(Value server) implements Command {

    /** {@code ntp}: its options and arguments as iPXE declares them; how this record is read and written. */
    static final CommandSpec<Ntp, Value> SPEC = Spec.of("ntp", Ntp.class)
            .args(1, 1)
            .reader(in -> new Ntp(in.arg(0)))
            .writer((c, out) -> out.arg(c.server()))
            .build();

    /** Checks the server. */
    public Ntp {
        Objects.requireNonNull(server, "server");
    }

    @Override
    public String name() {
        return SPEC.name();
    }
}
