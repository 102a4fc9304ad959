package org.bootnode.storm;

import java.util.Locale;

/** The steps of one simulated boot, in order; each is timed. */
enum Stage {
    /** DISCOVER to ACK as PXE firmware. */
    DHCP_PXE,
    /** The boot file (undionly.kpxe, ipxe.efi) over TFTP. */
    TFTP,
    /** DISCOVER to ACK as iPXE. */
    DHCP_IPXE,
    /** The node's iPXE script over HTTP. */
    SCRIPT,
    /** The kernel over HTTP. */
    KERNEL,
    /** The initrd over HTTP. */
    INITRD,
    /** The image's report that it came up. */
    BOOTED;

    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
