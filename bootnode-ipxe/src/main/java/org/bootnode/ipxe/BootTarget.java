package org.bootnode.ipxe;

import java.util.ArrayList;
import java.util.List;
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
 * <p>Further initrds ({@link #withInitrd}) follow the first, each fetched under its own name and
 * named by its own {@code initrd=} argument. Linux unpacks the archives in that order, a later
 * one over an earlier (Documentation/driver-api/early-userspace/buffer-format.rst): a small
 * per-node archive after the shared image overlays the image's files.
 *
 * @param kernel the kernel's URL
 * @param initrd the initrd's URL
 * @param initrdName the name iPXE gives the initrd image
 * @param cmdline the kernel command line, without {@code initrd=}
 * @param more further initrds, fetched after the first in this order; may be empty
 */
public record BootTarget(Value kernel, Value initrd, String initrdName, Words cmdline, List<Initrd> more) {

    /**
     * An initrd fetched after the first.
     *
     * @param url where it comes from
     * @param name the name iPXE gives it (a literal value)
     */
    public record Initrd(Value url, String name) {
        /** Checks the parts; the name must be a literal value. */
        public Initrd {
            Objects.requireNonNull(url, "url");
            Value.text(Objects.requireNonNull(name, "name"));
        }
    }

    /** The initrd name used by {@link #of}. */
    public static final String DEFAULT_INITRD_NAME = "initrd.img";

    /** Checks the parts; the initrd names must be literal values, each used once. */
    public BootTarget {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(initrd, "initrd");
        Objects.requireNonNull(cmdline, "cmdline");
        Value.text(Objects.requireNonNull(initrdName, "initrdName"));
        more = List.copyOf(more);
        List<String> names = new ArrayList<>(List.of(initrdName));
        for (Initrd i : more) {
            if (names.contains(i.name())) {
                throw new IllegalArgumentException("initrd name: " + i.name() + " (expected: a name not used by another initrd)");
            }
            names.add(i.name());
        }
    }

    /** A target with one initrd. */
    public BootTarget(Value kernel, Value initrd, String initrdName, Words cmdline) {
        this(kernel, initrd, initrdName, cmdline, List.of());
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
        return new BootTarget(kernel, initrd, name, cmdline, more);
    }

    /**
     * The same target with one more initrd after the others, fetched from {@code url} under
     * {@code name}.
     *
     * @throws IllegalArgumentException when the URL is not one literal word or the name is taken
     */
    public BootTarget withInitrd(String url, String name) {
        List<Initrd> all = new ArrayList<>(more);
        all.add(new Initrd(url("initrd", url), name));
        return new BootTarget(kernel, initrd, initrdName, cmdline, all);
    }

    /** The kernel's arguments: {@code initrd=NAME} for each initrd, in order, and the command line. */
    Words kernelArgs() {
        Words args = Words.of(Value.text("initrd=" + initrdName));
        for (Initrd i : more) {
            args = args.plus(Words.of(Value.text("initrd=" + i.name())));
        }
        return args.plus(cmdline);
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
