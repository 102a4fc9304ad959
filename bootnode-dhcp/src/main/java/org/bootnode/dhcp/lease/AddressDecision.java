package org.bootnode.dhcp.lease;

import java.net.Inet4Address;
import java.util.Objects;

/** The outcome of an {@link AddressPolicy}: an address (and host name), or no answer and why. */
public sealed interface AddressDecision {
    /**
     * Give {@code address} to the client.
     *
     * @param address the address
     * @param hostName the host name to send (option 12), or empty text
     * @param reserved whether it is a static reservation (a pool address otherwise)
     */
    record Assign(Inet4Address address, String hostName, boolean reserved) implements AddressDecision {
        public Assign {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(hostName, "hostName");
        }
    }

    /** Do not answer this client: it is unknown, or the pool is exhausted. */
    record Refuse(Why why) implements AddressDecision {
    }

    /** Why an address was refused: a fixed set. */
    enum Why { UNKNOWN_CLIENT, POOL_EXHAUSTED }
}
