package org.bootnode.dhcp.pxe;

import java.util.Locale;
import java.util.Optional;

/**
 * Which boot file a firmware needs: one per processor and boot method, each with the key a
 * configuration file names it by. Firmware of one class runs the same binaries, whatever the
 * exact option 93 code (IANA registry; 7 and 9 are both x86-64 UEFI).
 *
 * <pre>
 * class            key               PXE firmware (option 93)   HTTP boot (option 93)
 * BIOS             bios              0
 * UEFI_IA32        uefi-ia32         6
 * UEFI_X64         uefi-x64          7, 9
 * UEFI_ARM64       uefi-arm64        11
 * UEFI_X64_HTTP    uefi-x64-http                                15, 16 (and an HTTP client of no known arch)
 * UEFI_ARM64_HTTP  uefi-arm64-http                              19 (and 11)
 * </pre>
 *
 * A closed set on purpose: a new class needs binaries and code that choose them (RISC-V, 25..30,
 * would be the next).
 */
public enum BootFileClass {
    BIOS, UEFI_IA32, UEFI_X64, UEFI_ARM64, UEFI_X64_HTTP, UEFI_ARM64_HTTP;

    /** The class of a boot client, or empty for plain DHCP, iPXE and architectures no file serves. */
    public static Optional<BootFileClass> of(ClientClass c) {
        int arch = c.arch().code();
        return Optional.ofNullable(switch (c.kind()) {
            case DHCP, IPXE -> null;
            case HTTP_BOOT -> switch (arch) {
                case 11, 19 -> UEFI_ARM64_HTTP;
                case 10, 18 -> null; // 32-bit ARM: no x86 binary will do
                default -> UEFI_X64_HTTP;
            };
            case PXE -> switch (arch) {
                case 0 -> BIOS;
                case 6 -> UEFI_IA32;
                case 7, 9 -> UEFI_X64;
                case 11 -> UEFI_ARM64;
                default -> null;
            };
        });
    }

    /** The configuration key: {@code bios}, {@code uefi-x64}, {@code uefi-arm64-http}... */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether files of this class are absolute HTTP URLs (UEFI HTTP boot) rather than TFTP names. */
    public boolean isHttp() {
        return this == UEFI_X64_HTTP || this == UEFI_ARM64_HTTP;
    }

    /** The class of a configuration key; {@link IllegalArgumentException} listing the keys otherwise. */
    public static BootFileClass ofKey(String key) {
        for (BootFileClass c : values()) {
            if (c.key().equals(key)) {
                return c;
            }
        }
        throw new IllegalArgumentException("boot file class: " + key
                + " (expected: bios, uefi-ia32, uefi-x64, uefi-arm64, uefi-x64-http or uefi-arm64-http)");
    }
}
