package org.bootnode.server.boot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The firmware paths a real rack has, as qemu machines (docs/protocol-notes.md, "qemu and
 * iPXE in the lab" and "OVMF (UEFI) in the lab"), with the timeline stages each must show.
 */
enum Firmware {
    /** SeaBIOS and the e1000's option ROM, which is iPXE: it starts at the second DHCP. */
    IPXE_ROM("ipxe-rom", Set.of("dhcp-offer", "dhcp-ack", "script", "kernel", "initrd", "booted")),
    /** OVMF's own PXE client (virtio-net, option ROM off): arch 7, iPXE over TFTP, then HTTP. */
    UEFI_PXE("uefi-pxe", Set.of("dhcp-offer", "dhcp-ack", "tftp-file", "script", "kernel", "initrd", "booted")),
    /** OVMF's HTTP boot with PXE turned off: HTTPClient, snponly.efi over HTTP, then iPXE. */
    UEFI_HTTP("uefi-http", Set.of("dhcp-offer", "dhcp-ack", "http-file", "script", "kernel", "initrd", "booted")),
    /**
     * qemu-system-aarch64's {@code virt} machine with Debian's arm64 UEFI firmware (qemu-efi-aarch64)
     * and its own PXE client: arch 11, the arm64 boot file over TFTP. Debian ships no arm64 iPXE
     * to chain to the images, so BootIT does not run this path; Arm64IT boots GRUB on it.
     */
    UEFI_ARM64_PXE("uefi-arm64-pxe", Set.of("dhcp-offer", "dhcp-ack", "tftp-file"));

    private static final Path OVMF = Path.of("/usr/share/OVMF");
    /** The arm64 firmware as one image for {@code -bios}: its variables live in RAM, fresh each run. */
    static final Path AARCH64_FIRMWARE = Path.of("/usr/share/qemu-efi-aarch64/QEMU_EFI.fd");

    private final String label;
    private final Set<String> stages;

    Firmware(String label, Set<String> stages) {
        this.label = label;
        this.stages = stages;
    }

    /** The name used in logs and by the shell lab ({@code scripts/lib/bootlab.sh}). */
    String label() {
        return label;
    }

    /** The timeline stages {@code /api/nodes} must show for one boot on this path. */
    Set<String> stages() {
        return stages;
    }

    /**
     * The qemu command line of a diskless node on {@code tap}, its serial console on standard
     * output. {@code vars} is a fresh copy of OVMF_VARS_4M.fd (UEFI only: the boot order is
     * written there).
     */
    List<String> qemu(String name, String mac, String tap, Path vars) {
        List<String> args = new ArrayList<>(List.of(
                this == UEFI_ARM64_PXE ? "qemu-system-aarch64" : "qemu-system-x86_64",
                "-name", name, "-accel", "tcg", "-m", this == UEFI_ARM64_PXE ? "1024" : "512", "-smp", "1",
                "-nodefaults", "-no-user-config", "-nographic", "-monitor", "none", "-serial", "stdio",
                "-no-reboot", "-netdev", "tap,id=n0,ifname=" + tap + ",script=no,downscript=no"));
        switch (this) {
            case IPXE_ROM -> args.addAll(List.of("-device", "e1000,netdev=n0,mac=" + mac + ",bootindex=0"));
            case UEFI_PXE, UEFI_HTTP -> {
                args.addAll(List.of(
                        "-machine", "q35",
                        // romfile= turns the iPXE option ROM off so that OVMF's own client runs.
                        "-device", "virtio-net-pci,netdev=n0,mac=" + mac + ",romfile=,bootindex=0",
                        "-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + OVMF.resolve("OVMF_CODE_4M.fd"),
                        "-drive", "if=pflash,format=raw,unit=1,file=" + vars));
                if (this == UEFI_HTTP) {
                    // Unanswered PXE attempts would cost about two minutes before HTTP boot.
                    args.addAll(List.of(
                            "-fw_cfg", "name=opt/org.tianocore/IPv4PXESupport,string=n",
                            "-fw_cfg", "name=opt/org.tianocore/IPv6PXESupport,string=n"));
                }
            }
            case UEFI_ARM64_PXE -> args.addAll(List.of(
                    // cortex-a57 rather than max: the same boot, without emulating pointer
                    // authentication and the other newer extensions that slow TCG down.
                    "-machine", "virt", "-cpu", "cortex-a57",
                    "-bios", AARCH64_FIRMWARE.toString(),
                    "-device", "virtio-net-pci,netdev=n0,mac=" + mac + ",romfile=,bootindex=0"));
        }
        return args;
    }

    /** True when this path runs OVMF and needs a copy of its variable store. */
    boolean uefi() {
        return this == UEFI_PXE || this == UEFI_HTTP;
    }

    /** OVMF's pristine variable store, copied per run. */
    static Path ovmfVars() {
        return OVMF.resolve("OVMF_VARS_4M.fd");
    }
}
