package org.bootnode.storm;

import java.util.Locale;
import org.bootnode.dhcp.MacAddress;

/**
 * One simulated node: its MAC, its firmware's architecture (option 93) and its place in the
 * storm. MACs are locally administered ({@code 02:...}) and numbered from the storm's base, so
 * that the generator and the configurations it writes name the same nodes.
 *
 * @param index the node's number, from 0
 * @param mac   its MAC
 * @param arch  IANA client architecture sent in option 93: 0 (BIOS) or 7 (UEFI x86-64)
 */
public record SimulatedNode(int index, MacAddress mac, int arch) {
    /** The first MAC of a storm: locally administered, unicast. */
    public static final long DEFAULT_MAC_BASE = 0x02_00_00_00_00_00L;

    /** The {@code index}-th node from {@code macBase}; every {@code efiEvery}-th one is UEFI (0: none). */
    public static SimulatedNode of(int index, long macBase, int efiEvery) {
        long value = macBase + index + 1;
        byte[] b = new byte[6];
        for (int i = 5; i >= 0; i--) {
            b[i] = (byte) value;
            value >>>= 8;
        }
        boolean efi = efiEvery > 0 && index % efiEvery == efiEvery - 1;
        return new SimulatedNode(index, MacAddress.of(b), efi ? 7 : 0);
    }

    /** The MAC as iPXE writes {@code ${mac}}: lower-case hex pairs joined by colons. */
    public String macText() {
        return mac.toString().toLowerCase(Locale.ROOT);
    }

    /**
     * Option 60 as PXE firmware sends it (PXE 2.1 §2.2.1): the architecture in five digits and
     * the UNDI version, 2.1 for a BIOS ROM, 3.16 for UEFI.
     */
    public String pxeVendorClass() {
        return arch == 0 ? "PXEClient:Arch:00000:UNDI:002001" : String.format("PXEClient:Arch:%05d:UNDI:003016", arch);
    }
}
