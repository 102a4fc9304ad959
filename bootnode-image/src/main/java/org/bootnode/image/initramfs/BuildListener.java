package org.bootnode.image.initramfs;

import java.nio.file.Path;

/**
 * Hears what happens while an image is collected and written. Every method has a no-op
 * default; the library never logs on its own.
 */
public interface BuildListener {
    /** A listener that ignores everything. */
    BuildListener NONE = new BuildListener() {};

    /** Something was left out or changed, e.g. a socket in a source tree. */
    default void warning(Path path, String message) {}

    /** A new phase of the work starts, e.g. {@code rootfs tarball} or {@code initramfs}. */
    default void phase(String name) {}

    /** Writing starts; {@code totalBytes} is the sum of the data sizes of all entries. */
    default void started(long totalBytes) {}

    /** {@code bytesDone} of the data have been written into archives so far. */
    default void progress(long bytesDone) {}
}
