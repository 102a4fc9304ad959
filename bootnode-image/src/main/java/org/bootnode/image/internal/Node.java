package org.bootnode.image.internal;

import java.nio.file.Path;
import org.bootnode.image.cpio.CpioFileType;

/** One thing to put into an archive, before inode numbers and hard links are assigned. */
public sealed interface Node {
    /** Owner, group, permissions and time of a node. */
    record Meta(int permissions, long uid, long gid, long mtime) {}

    Meta meta();

    /** The number of data bytes this node carries. */
    default long dataSize() {
        return 0;
    }

    /** A directory. */
    record Directory(Meta meta) implements Node {}

    /** A regular file from memory. */
    record Bytes(Meta meta, byte[] data) implements Node {
        @Override
        public long dataSize() {
            return data.length;
        }
    }

    /**
     * A regular file on disk, of the size seen when scanned: {@code base} resolved against
     * {@code relative} ("" for {@code base} itself). A tree's files share one base and keep only
     * their relative name, often the very string the archive path is, so that a large tree's
     * entry list holds no {@link Path} per file: a path object costs several hundred bytes
     * (its bytes, the offsets of its names, the string the JDK caches once a file is opened).
     * {@code linkKey} is the file system's identity of the file (null when it has one link),
     * used to find hard links.
     */
    record FileOnDisk(Meta meta, Path base, String relative, long size, Object linkKey) implements Node {
        /** A file named by its own path. */
        public FileOnDisk(Meta meta, Path source, long size, Object linkKey) {
            this(meta, source, "", size, linkKey);
        }

        /** The file's path, made anew on each call. */
        public Path source() {
            return relative.isEmpty() ? base : base.resolve(relative);
        }

        @Override
        public long dataSize() {
            return size;
        }
    }

    /** A symbolic link. */
    record Symlink(Meta meta, String target) implements Node {}

    /** A device node, FIFO or socket. */
    record Special(Meta meta, CpioFileType type, long rdevMajor, long rdevMinor) implements Node {}
}
