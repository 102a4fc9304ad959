package org.bootnode.image.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.bootnode.image.cpio.CpioEntry;
import org.bootnode.image.cpio.CpioFileType;
import org.bootnode.image.initramfs.BuildListener;
import org.bootnode.image.initramfs.ImageBuildException;

/**
 * Walks a directory tree without following symlinks and turns each file into a {@link Node},
 * reading type, mode, owner, times, device numbers and hard-link identity from the file system.
 */
public final class TreeScanner {
    private static final String ATTRIBUTES = "unix:mode,uid,gid,ino,dev,nlink,rdev,size,lastModifiedTime";

    private final boolean keepOwners;
    private final Long sourceDateEpoch;
    private final BuildListener listener;

    /** A scanner; {@code sourceDateEpoch} (may be null) clamps every mtime. */
    public TreeScanner(boolean keepOwners, Long sourceDateEpoch, BuildListener listener) {
        this.keepOwners = keepOwners;
        this.sourceDateEpoch = sourceDateEpoch;
        this.listener = listener;
    }

    /**
     * Scans {@code root}; each node goes to {@code sink} with its path relative to the root
     * ({@code /}-separated). The root itself is reported with the empty path.
     * {@code filter} sees relative paths; a rejected directory is skipped with all it holds.
     */
    public void scan(Path root, Predicate<String> filter, Sink sink) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new ImageBuildException(root, Files.exists(root) ? "not a directory" : "no such directory");
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                String rel = relative(root, dir);
                if (!rel.isEmpty() && !filter.test(rel)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                sink.accept(rel, node(root, rel, dir));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String rel = relative(root, file);
                if (filter.test(rel)) {
                    Node node = node(root, rel, file);
                    if (node != null) {
                        sink.accept(rel, node);
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                throw new ImageBuildException(file, "cannot read: " + reason(e), e);
            }
        });
    }

    /** Receives scanned nodes. */
    @FunctionalInterface
    public interface Sink {
        void accept(String relativePath, Node node) throws IOException;
    }

    /**
     * The node of {@code file}, which is {@code root} resolved against {@code relative}; null for
     * a socket (skipped with a warning).
     */
    private Node node(Path root, String relative, Path file) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(file, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new ImageBuildException(file, "cannot read: " + reason(e), e);
        }
        int mode = (Integer) a.get("mode");
        long mtime = ((FileTime) a.get("lastModifiedTime")).toMillis() / 1000;
        if (sourceDateEpoch != null && mtime > sourceDateEpoch) {
            mtime = sourceDateEpoch;
        }
        if (mtime < 0 || mtime > CpioEntry.MAX_FIELD) {
            throw new ImageBuildException(file, "modification time " + mtime + " does not fit newc's 32-bit mtime");
        }
        long uid = keepOwners ? ((Integer) a.get("uid")) & 0xFFFF_FFFFL : 0;
        long gid = keepOwners ? ((Integer) a.get("gid")) & 0xFFFF_FFFFL : 0;
        Node.Meta meta = new Node.Meta(mode & 07777, uid, gid, mtime);
        int type = mode & CpioFileType.TYPE_MASK;
        if (type == CpioFileType.DIRECTORY.bits()) {
            return new Node.Directory(meta);
        } else if (type == CpioFileType.SYMLINK.bits()) {
            return new Node.Symlink(meta, Files.readSymbolicLink(file).toString());
        } else if (type == CpioFileType.REGULAR.bits()) {
            long size = (Long) a.get("size");
            if (size > CpioEntry.MAX_FIELD) {
                throw new ImageBuildException(file, size + " bytes: newc holds at most " + CpioEntry.MAX_FIELD + " bytes per file");
            }
            if (!Files.isReadable(file)) {
                throw new ImageBuildException(file, "cannot read: permission denied");
            }
            int nlink = (Integer) a.get("nlink");
            Object key = nlink > 1 ? List.of(a.get("dev"), a.get("ino")) : null;
            return new Node.FileOnDisk(meta, root, relative, size, key);
        } else if (type == CpioFileType.SOCKET.bits()) {
            listener.warning(file, "socket skipped: a socket cannot be archived usefully");
            return null;
        } else {
            CpioFileType t = type == CpioFileType.FIFO.bits() ? CpioFileType.FIFO
                    : type == CpioFileType.CHARACTER_DEVICE.bits() ? CpioFileType.CHARACTER_DEVICE
                    : CpioFileType.BLOCK_DEVICE;
            long rdev = (Long) a.get("rdev");
            return new Node.Special(meta, t, t.isDevice() ? major(rdev) : 0, t.isDevice() ? minor(rdev) : 0);
        }
    }

    // glibc's dev_t layout (sys/sysmacros.h): 12 bits of major and 20 of minor, split.
    static long major(long dev) {
        return ((dev >>> 8) & 0xFFF) | ((dev >>> 32) & ~0xFFFL);
    }

    static long minor(long dev) {
        return (dev & 0xFF) | ((dev >>> 12) & 0xFFFF_FF00L);
    }

    // The walk's paths are root.resolve(names): on Linux the relative form is already
    // "/"-separated, and "" for the root itself.
    private static String relative(Path root, Path p) {
        return root.relativize(p).toString();
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        String m = e.getMessage();
        return m == null ? e.toString() : m;
    }
}
