package org.bootnode.tftp.server;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import org.bootnode.tftp.TftpOptions;

/**
 * Which of a client's options the server may negotiate: some clients ask for {@code blksize}
 * and then break when it is granted. Options left out are ignored, as unknown ones are.
 */
@FunctionalInterface
public interface OptionPolicy {
    /** Negotiates everything the server supports. */
    OptionPolicy ALL = (client, filename, requested) -> requested;

    /** The subset of {@code requested} the server may negotiate with this client. */
    TftpOptions allowed(InetSocketAddress client, String filename, TftpOptions requested);

    /** Refuses the named options (any case) for every client. */
    static OptionPolicy refusing(String... names) {
        Set<String> refused = Set.of(Arrays.stream(names).map(n -> n.toLowerCase(Locale.ROOT)).toArray(String[]::new));
        return (client, filename, requested) -> {
            TftpOptions.Builder b = requested.toBuilder();
            refused.forEach(b::remove);
            return b.build();
        };
    }
}
