package org.bootnode.server.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One entry of {@code images}: a kernel, an initrd and the kernel command line.
 *
 * @param name the name nodes refer to; also the URL segment {@code /images/{name}/}
 * @param kernel the kernel file
 * @param initrd the initramfs file
 * @param cmdline the kernel command line (may be empty)
 */
public record ImageSpec(String name, Path kernel, Path initrd, String cmdline) {
    /** Checks the parts. */
    public ImageSpec {
        BootConfig.checkName("image", name);
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(initrd, "initrd");
        cmdline = cmdline == null ? "" : cmdline.strip().replaceAll("[ \\t]+", " ");
        if (cmdline.indexOf('\n') >= 0 || cmdline.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("cmdline of " + name + ": has a line break (expected: one line)");
        }
    }
}
