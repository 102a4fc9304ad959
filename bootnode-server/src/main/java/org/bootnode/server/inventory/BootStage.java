package org.bootnode.server.inventory;

import java.util.Locale;

/** One step of a network boot, in the order a node normally goes through them. */
public enum BootStage {
    /** The DHCP server offered an address (firmware or iPXE). */
    DHCP_OFFER,
    /** The DHCP server acknowledged the address. */
    DHCP_ACK,
    /** A file came over TFTP (undionly.kpxe, ipxe.efi, snponly.efi). */
    TFTP_FILE,
    /** A file of the TFTP root came over HTTP (UEFI HTTP boot). */
    HTTP_FILE,
    /** The node fetched its iPXE script. */
    SCRIPT,
    /** The node fetched its kernel. */
    KERNEL,
    /** The node fetched its initrd. */
    INITRD,
    /** The node fetched its overlay (or was refused it, or it could not be built: see the detail). */
    OVERLAY,
    /** The image's init reported that the node came up. */
    BOOTED;

    /** The lower-case, dashed name used in JSON and logs: {@code dhcp-offer}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
