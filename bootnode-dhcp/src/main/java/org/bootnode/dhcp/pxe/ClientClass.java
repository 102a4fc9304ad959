package org.bootnode.dhcp.pxe;

import java.util.Optional;

/**
 * The classification of one request: what kind of client, which architecture, and the
 * machine UUID it sent (option 97) if any.
 *
 * @param kind the kind of client
 * @param arch option 93's first architecture, else the {@code Arch:} field of option 60,
 *             else {@link ClientArch#X86_BIOS} (old BIOS ROMs send neither)
 * @param vendorClass option 60 as sent, or empty text
 */
public record ClientClass(ClientKind kind, ClientArch arch, String vendorClass) {
    public ClientClass {
        if (kind == null || arch == null || vendorClass == null) {
            throw new IllegalArgumentException("kind, arch and vendorClass are required");
        }
    }

    /** Whether this is a network boot client at all (PXE, HTTP boot or iPXE). */
    public boolean isBootClient() {
        return kind != ClientKind.DHCP;
    }

    /** The vendor class, if the client sent one. */
    public Optional<String> vendorClassIfSent() {
        return vendorClass.isEmpty() ? Optional.empty() : Optional.of(vendorClass);
    }
}
