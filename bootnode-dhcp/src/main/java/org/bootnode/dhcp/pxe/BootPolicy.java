package org.bootnode.dhcp.pxe;

/**
 * Decides what a boot client boots. Called on the event loop: must be fast and must not block.
 * {@link DefaultBootPolicy} does what bootnode needs; embedders may supply their own.
 */
@FunctionalInterface
public interface BootPolicy {
    /** A policy that boots nothing. */
    BootPolicy NONE = request -> BootDecision.none();

    BootDecision decide(BootRequest request);
}
