package org.bootnode.dhcp.lease;

/**
 * Decides which address a client gets. Called on the event loop: fast, non-blocking, pure over
 * its inputs. The server can swap its policy at run time (reload on SIGHUP) with
 * {@code DhcpServer.addressPolicy(...)}; {@link StaticAddressPolicy} is the default.
 */
@FunctionalInterface
public interface AddressPolicy {
    AddressDecision decide(AddressRequest request, AddressUsage usage);
}
