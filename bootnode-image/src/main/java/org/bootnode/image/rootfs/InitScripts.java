package org.bootnode.image.rootfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The shell scripts (busybox sh) of bootnode's images.
 *
 * <p><b>Compute image</b> {@code /init}: mounts /proc, /sys and devtmpfs on /dev, mounts a tmpfs
 * on /newroot, unpacks the root file system tarball into it with {@code busybox tar -xJ},
 * optionally reports the boot, and {@code switch_root}s to the root file system's own init.
 * Kernel command line parameters it honours:
 * <ul>
 *   <li>{@code bootnode.tmpfs=SIZE}: size of the tmpfs (tmpfs syntax: {@code 4g}, {@code 512m},
 *       {@code 75%}; default {@link ComputeInit#DEFAULT_TMPFS_SIZE})</li>
 *   <li>{@code bootnode.init=PATH}, else {@code init=PATH}: the init to switch to (default
 *       {@link ComputeInit#DEFAULT_INIT})</li>
 *   <li>{@code bootnode.booted=URL}: load the carried kernel modules in order with
 *       {@code insmod}, bring up the first ethernet interface with {@code udhcpc} and GET the
 *       URL with {@code wget}; every failure there is a warning only</li>
 *   <li>{@code bootnode.iface=NAME}: the interface for the report (default: first ethernet)</li>
 *   <li>{@code bootnode.break}: a shell just before switch_root</li>
 * </ul>
 * <b>Failsafe image</b> {@code /init}: mounts /proc, /sys, /dev, reports the boot as above when
 * {@code bootnode.booted=URL} is given, prints {@code bootnode failsafe: starting shell} and runs
 * a shell on the console, forever.
 *
 * <p>Console markers, one line each: {@code bootnode init: starting (compute image)},
 * {@code bootnode init: mounted /proc, /sys and /dev},
 * {@code bootnode init: unpacking root file system (N MiB compressed) into a tmpfs of size S},
 * {@code bootnode init: unpacked N files} (every 10000) and {@code ... files in all},
 * {@code bootnode init: unpacked root file system (N MiB)},
 * {@code bootnode init: loaded module NAME}, {@code bootnode init: network: IFACE has address A},
 * {@code bootnode init: reported boot to URL} (or {@code bootnode init: warning: ...}),
 * {@code bootnode init: overlay: copied N files into ROOT}, {@code bootnode init: overlay: running hook NAME},
 * {@code bootnode init: hostname NAME}, {@code bootnode init: ssh host key TYPE BASE64 COMMENT} (each when the
 * node has an overlay: a second archive whose {@code /overlay} the init copies into the new root, or for the
 * failsafe into its own root, before anything else reads it, with the archive's modes and owners, and the folders
 * listed in {@code /overlay-folders} given theirs even where the root has them; its {@code /overlay-init.d} hooks then run),
 * {@code bootnode init: switching root to PATH}; on failure
 * {@code bootnode init: FAILED: reason} then {@code bootnode init: dropping to a shell}.
 * The failsafe image uses the prefix {@code bootnode failsafe:} and ends with
 * {@code bootnode failsafe: starting shell}.
 */
public final class InitScripts {
    private InitScripts() {}

    /** The compute image's {@code /init}. */
    public static String compute(ComputeInit init) {
        return resource("compute-init.sh")
                .replace("@COMMON@", resource("common.sh").trim())
                .replace("@DEFAULT_TMPFS@", init.defaultTmpfsSize())
                .replace("@DEFAULT_INIT@", init.defaultInit())
                .replace("@TARBALL@", "/" + ComputeImage.TARBALL_PATH);
    }

    /** The failsafe image's {@code /init}. */
    public static String failsafe() {
        return resource("failsafe-init.sh").replace("@COMMON@", resource("common.sh").trim());
    }

    /** The udhcpc event script, at {@code /usr/share/udhcpc/default.script} in both images. */
    public static String udhcpcScript() {
        return resource("udhcpc.sh");
    }

    private static String resource(String name) {
        try (InputStream in = InitScripts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
