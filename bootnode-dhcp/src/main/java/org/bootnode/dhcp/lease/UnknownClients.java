package org.bootnode.dhcp.lease;

/** What happens to a client without a reservation: a fixed set. */
public enum UnknownClients {
    /** No answer at all (the default, as the original dhcpd.conf did). */
    IGNORE,
    /** An address from the pool, if there is one. */
    POOL
}
