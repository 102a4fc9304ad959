package org.bootnode.image.initramfs;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An input that cannot go into an image: an unreadable file, a name or size newc cannot hold,
 * a file that changed size while read, a busybox that is missing or not static. The message
 * names the path and says what is wrong, in one line.
 */
public final class ImageBuildException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;

    /** An exception about {@code path}. */
    public ImageBuildException(Path path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    /** An exception about {@code path} caused by {@code cause}. */
    public ImageBuildException(Path path, String problem, Throwable cause) {
        super(path + ": " + problem, cause);
        this.path = path;
    }

    /** The file the problem is about. */
    public Path path() {
        return path;
    }
}
