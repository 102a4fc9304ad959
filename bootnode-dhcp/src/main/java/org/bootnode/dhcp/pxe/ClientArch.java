package org.bootnode.dhcp.pxe;

import java.util.Map;

/**
 * Option 93, the client system architecture, from the IANA "Processor Architecture Types"
 * registry (not RFC 4578's table, which swapped 7 and 9: errata 4624). An open registry:
 * {@code ClientArch.of(42)} is kept and prints {@code unknown(42)}.
 */
public final class ClientArch {
    public static final ClientArch X86_BIOS = new ClientArch(0, "x86-bios");
    public static final ClientArch EFI_IA32 = new ClientArch(6, "efi-ia32");
    public static final ClientArch EFI_X86_64 = new ClientArch(7, "efi-x86-64");
    /** EFI byte code; in practice x86-64 UEFI firmware sends it: serve the x86-64 file. */
    public static final ClientArch EFI_BC = new ClientArch(9, "efi-bc");
    public static final ClientArch EFI_ARM32 = new ClientArch(10, "efi-arm32");
    public static final ClientArch EFI_ARM64 = new ClientArch(11, "efi-arm64");
    public static final ClientArch EFI_X86_HTTP = new ClientArch(15, "efi-x86-http");
    public static final ClientArch EFI_X86_64_HTTP = new ClientArch(16, "efi-x86-64-http");
    public static final ClientArch EFI_ARM32_HTTP = new ClientArch(18, "efi-arm32-http");
    public static final ClientArch EFI_ARM64_HTTP = new ClientArch(19, "efi-arm64-http");
    public static final ClientArch X86_BIOS_HTTP = new ClientArch(20, "x86-bios-http");

    private static final Map<Integer, ClientArch> KNOWN = Map.ofEntries(
            Map.entry(0, X86_BIOS), Map.entry(6, EFI_IA32), Map.entry(7, EFI_X86_64), Map.entry(9, EFI_BC),
            Map.entry(10, EFI_ARM32), Map.entry(11, EFI_ARM64), Map.entry(15, EFI_X86_HTTP),
            Map.entry(16, EFI_X86_64_HTTP), Map.entry(18, EFI_ARM32_HTTP), Map.entry(19, EFI_ARM64_HTTP),
            Map.entry(20, X86_BIOS_HTTP));

    private final int code;
    private final String name;

    private ClientArch(int code, String name) {
        this.code = code;
        this.name = name;
    }

    /** The named constant for {@code code}, or a kept unknown value; codes 25..30 are RISC-V. */
    public static ClientArch of(int code) {
        if (code < 0 || code > 0xffff) {
            throw new IllegalArgumentException("client architecture: " + code + " (expected: 0..65535)");
        }
        ClientArch a = KNOWN.get(code);
        if (a != null) {
            return a;
        }
        return new ClientArch(code, code >= 25 && code <= 30 ? "riscv(" + code + ")" : "unknown(" + code + ")");
    }

    public int code() {
        return code;
    }

    /** An HTTP boot architecture (15..20 but 17, IANA). */
    public boolean isHttp() {
        return code >= 15 && code <= 20 && code != 17;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientArch a && a.code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    @Override
    public String toString() {
        return name;
    }
}
