package org.bootnode.server.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.bootnode.dhcp.pxe.BootFileClass;

/**
 * The built-in boot file of each firmware class, below the top-level {@code boot-files}, the
 * group's and the node's. A name is a file in the TFTP root; for the HTTP boot classes the
 * server hands it out as its {@code /tftp/} URL, an {@code http://} URL as it is.
 */
public final class BootFiles {
    private BootFiles() {
    }

    /**
     * BIOS: undionly.kpxe (iPXE over the ROM's UNDI driver). UEFI x86-64: snponly.efi when the
     * TFTP root has it, else ipxe.efi: snponly.efi drives the NIC through the firmware's own SNP
     * driver, so it works on every UEFI NIC, where ipxe.efi needs a driver of its own to match.
     * UEFI arm64: snponly-arm64.efi when the TFTP root has it (Debian ships no arm64 iPXE, so
     * there is no name to guess). HTTP boot: the same files over HTTP.
     */
    public static Map<BootFileClass, String> defaults(BootConfig config) {
        Optional<Path> root = config.tftp().map(TftpSection::root);
        Map<BootFileClass, String> out = new EnumMap<>(BootFileClass.class);
        out.put(BootFileClass.BIOS, "undionly.kpxe");
        String efi = root.map(r -> Files.isRegularFile(r.resolve("snponly.efi"))).orElse(false) ? "snponly.efi" : "ipxe.efi";
        out.put(BootFileClass.UEFI_X64, efi);
        if (root.isPresent()) {
            out.put(BootFileClass.UEFI_X64_HTTP, efi);
        }
        if (root.map(r -> Files.isRegularFile(r.resolve("snponly-arm64.efi"))).orElse(false)) {
            out.put(BootFileClass.UEFI_ARM64, "snponly-arm64.efi");
            out.put(BootFileClass.UEFI_ARM64_HTTP, "snponly-arm64.efi");
        }
        return Collections.unmodifiableMap(out);
    }

    /** The files every node gets unless its group or itself says otherwise: the defaults, then {@code boot-files}. */
    public static Map<BootFileClass, String> serverWide(BootConfig config) {
        Map<BootFileClass, String> out = new EnumMap<>(defaults(config));
        out.putAll(config.bootFiles());
        return Collections.unmodifiableMap(out);
    }
}
