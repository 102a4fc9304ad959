package org.bootnode.dhcp.lease;

import java.net.Inet4Address;
import java.util.Objects;
import org.bootnode.dhcp.DhcpOptions;

/** The outcome of an {@link AddressPolicy}: an address (and host name), or no answer and why. */
public sealed interface AddressDecision {
    /**
     * Give {@code address} to the client.
     *
     * @param address the address
     * @param hostName the host name to send (option 12), or empty text
     * @param reserved whether it is a static reservation (a pool address otherwise)
     * @param options the client's own options, sent over its subnet's (later wins); may be empty
     */
    record Assign(Inet4Address address, String hostName, boolean reserved, DhcpOptions options) implements AddressDecision {
        public Assign {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(hostName, "hostName");
            Objects.requireNonNull(options, "options");
        }

        /** An address with no options of the client's own. */
        public Assign(Inet4Address address, String hostName, boolean reserved) {
            this(address, hostName, reserved, DhcpOptions.empty());
        }
    }

    /** Do not answer this client: it is unknown, the pool is exhausted, or its address is on another link. */
    record Refuse(Why why) implements AddressDecision {
    }

    /** Why an address was refused. */
    enum Why {
        UNKNOWN_CLIENT,
        POOL_EXHAUSTED,
        /** The client's reserved address lies outside the subnet it asks from (a node moved to another rack). */
        OTHER_SUBNET
    }
}
