package org.bootnode.dhcp.pxe;

/** What kind of boot client sent a request: a fixed set, decided by {@link ClientClassifier}. */
public enum ClientKind {
    /** An operating system's DHCP client (no PXE vendor class, not iPXE). */
    DHCP,
    /** PXE firmware, BIOS or UEFI: vendor class {@code PXEClient...}. */
    PXE,
    /** UEFI HTTP boot: vendor class {@code HTTPClient...}. */
    HTTP_BOOT,
    /** iPXE: user class {@code iPXE} or option 175 present. */
    IPXE
}
