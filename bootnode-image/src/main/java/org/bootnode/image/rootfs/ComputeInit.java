package org.bootnode.image.rootfs;

import java.util.regex.Pattern;

/**
 * Defaults baked into the compute image's init; the kernel command line can override both
 * (see {@link InitScripts}).
 *
 * @param defaultInit      the init to switch to, an absolute path (default {@code /sbin/init})
 * @param defaultTmpfsSize the tmpfs size in tmpfs syntax (default {@code 50%} of RAM)
 */
public record ComputeInit(String defaultInit, String defaultTmpfsSize) {
    /** The init of a systemd or sysvinit root file system. */
    public static final String DEFAULT_INIT = "/sbin/init";
    /** Half of the RAM, tmpfs's own default: the rest is left for the node's work. */
    public static final String DEFAULT_TMPFS_SIZE = "50%";

    private static final Pattern INIT = Pattern.compile("/[A-Za-z0-9._/+-]*");
    private static final Pattern SIZE = Pattern.compile("[0-9]+[kKmMgG%]?");

    /** Checks that both values are safe to put into a shell script. */
    public ComputeInit {
        if (!INIT.matcher(defaultInit).matches()) {
            throw new IllegalArgumentException("defaultInit: " + defaultInit + " (expected: an absolute path of [A-Za-z0-9._/+-])");
        }
        if (!SIZE.matcher(defaultTmpfsSize).matches()) {
            throw new IllegalArgumentException("defaultTmpfsSize: " + defaultTmpfsSize + " (expected: e.g. 4g, 512m or 75%)");
        }
    }

    /** {@code /sbin/init} and {@code 50%}. */
    public static ComputeInit defaults() {
        return new ComputeInit(DEFAULT_INIT, DEFAULT_TMPFS_SIZE);
    }
}
