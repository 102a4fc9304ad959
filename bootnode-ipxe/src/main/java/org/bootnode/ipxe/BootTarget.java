package org.bootnode.ipxe;

import java.util.Objects;

/**
 * What to boot: a kernel, an initrd and a command line.
 *
 * <p>The initrd is fetched with {@code --name initrdName} and the kernel gets
 * {@code initrd=initrdName} first on its command line: Linux on EFI needs it to find its
 * initramfs (iPXE's EFI loader passes images by name), and BIOS boots ignore it.
 *
 * @param kernel the kernel's URL
 * @param initrd the initrd's URL
 * @param initrdName the name iPXE gives the initrd image
 * @param cmdline the kernel command line, without {@code initrd=}
 */
public record BootTarget(Value kernel, Value initrd, String initrdName, Words cmdline) {

    /** The initrd name used by {@link #of}. */
    public static final String DEFAULT_INITRD_NAME = "initrd.img";

    /** Checks the parts; the initrd name must be a literal value. */
    public BootTarget {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(initrd, "initrd");
        Objects.requireNonNull(cmdline, "cmdline");
        Value.text(Objects.requireNonNull(initrdName, "initrdName"));
    }

    /**
     * A target from plain text: two URLs and a command line of words separated by single
     * spaces (for example {@code "console=ttyS0 quiet"}).
     *
     * @throws IllegalArgumentException naming the part that iPXE could not read back exactly
     */
    public static BootTarget of(String kernelUrl, String initrdUrl, String cmdline) {
        return new BootTarget(url("kernel", kernelUrl), url("initrd", initrdUrl), DEFAULT_INITRD_NAME,
                cmdline(cmdline));
    }

    /** The same target with another initrd name. */
    public BootTarget withInitrdName(String name) {
        return new BootTarget(kernel, initrd, name, cmdline);
    }

    /** The kernel's arguments: {@code initrd=NAME} and the command line. */
    Words kernelArgs() {
        return Words.of(Value.text("initrd=" + initrdName)).plus(cmdline);
    }

    private static Value url(String what, String url) {
        try {
            return Value.text(Objects.requireNonNull(url, what));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " URL: " + e.getMessage(), e);
        }
    }

    private static Words cmdline(String cmdline) {
        try {
            return Words.of(Objects.requireNonNull(cmdline, "cmdline"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cmdline: " + e.getMessage(), e);
        }
    }
}
