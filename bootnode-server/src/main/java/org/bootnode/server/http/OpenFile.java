package org.bootnode.server.http;

import io.netty.channel.DefaultFileRegion;
import io.netty.channel.FileRegion;
import io.netty.handler.codec.DateFormatter;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Date;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A file opened once and shared by every transfer of it: one {@link FileChannel}, its size, the
 * {@code ETag} and {@code Last-Modified} of what was opened. sendfile(2) and
 * {@link FileChannel#transferTo} take the offset as an argument and never move the channel's
 * position, so any number of transfers may read one channel at once.
 *
 * <p>Counted references decide when the channel closes: whoever {@linkplain #open opens} it holds
 * one, the {@link OpenFileCache} holds one while the file is cached, and each {@linkplain #region
 * region} being written holds one, given back when the transport releases the region (written
 * or failed). The last {@link #release} closes the channel; after that {@link #tryRetain} fails.
 * A replaced file's transfers under way so finish from what they opened, as they would have with
 * a channel each.
 */
final class OpenFile {
    private final Path path;
    private final FileChannel channel;
    private final Stamp stamp;
    private final String etag;
    private final String lastModified;
    private final Object generation;
    private final boolean stable;
    private final AtomicInteger refs = new AtomicInteger(1);
    /** When the file on disk was last seen to be this one (System.nanoTime()). */
    private volatile long seenAt;

    /**
     * What says a file at a path is still the one opened: the file system's key (device and
     * inode on Linux), its size and its modification time. A file replaced by a rename has
     * another key; one rewritten in place, another size or time.
     */
    record Stamp(Object key, long size, long mtimeMillis) {
        static Stamp of(Path path) throws IOException {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                // A folder opens as a channel that fails every read: answered 404 as a missing file.
                throw new FileNotFoundException(path + ": not a regular file");
            }
            return new Stamp(a.fileKey(), a.size(), a.lastModifiedTime().toMillis());
        }
    }

    private OpenFile(Path path, FileChannel channel, Stamp stamp, Object generation, boolean stable, long seenAt) {
        this.path = path;
        this.stable = stable;
        this.channel = channel;
        this.stamp = stamp;
        this.generation = generation;
        this.etag = "\"" + Long.toHexString(stamp.size()) + "-" + Long.toHexString(stamp.mtimeMillis()) + "\"";
        this.lastModified = DateFormatter.format(new Date(stamp.mtimeMillis()));
        this.seenAt = seenAt;
    }

    /**
     * Opens {@code path}, holding one reference for the caller. Disk work: never on an event
     * loop. The file's attributes are read before and after the open; when they differ (the file
     * was replaced meanwhile) the result is not {@link #stable()} and must not be cached, since
     * what was opened may be either file.
     */
    static OpenFile open(Path path, Object generation, long now) throws IOException {
        Stamp before = Stamp.of(path);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            Stamp after = Stamp.of(path);
            long size = channel.size();
            return new OpenFile(path, channel, new Stamp(after.key(), size, after.mtimeMillis()), generation,
                    before.equals(after) && size == after.size(), now);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Whether the file did not change while it was opened: only then may it be cached. */
    boolean stable() {
        return stable;
    }

    Path path() {
        return path;
    }

    /** The size when opened; the length every answer announces. */
    long size() {
        return stamp.size();
    }

    Stamp stamp() {
        return stamp;
    }

    /** The configuration it was opened for (the {@link org.bootnode.server.inventory.Inventory}). */
    Object generation() {
        return generation;
    }

    String etag() {
        return etag;
    }

    String lastModified() {
        return lastModified;
    }

    long mtimeMillis() {
        return stamp.mtimeMillis();
    }

    long seenAt() {
        return seenAt;
    }

    void seenAt(long now) {
        seenAt = now;
    }

    /** Takes one more reference unless the channel is already closed. */
    boolean tryRetain() {
        while (true) {
            int r = refs.get();
            if (r <= 0) {
                return false;
            }
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    /** Gives one reference back; the last one closes the channel. */
    void release() {
        int r = refs.decrementAndGet();
        if (r == 0) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing was written through it: a failed close loses nothing.
            }
        } else if (r < 0) {
            throw new IllegalStateException("released once too often: " + path);
        }
    }

    /** Whether the channel is still open (false once every reference was given back). */
    boolean isOpen() {
        return channel.isOpen();
    }

    /** The references held; for tests. */
    int references() {
        return refs.get();
    }

    /**
     * {@code length} bytes from {@code first}, as a region the transport sends by sendfile(2).
     * The region takes over one reference of the caller's, given back when it is released.
     */
    FileRegion region(long first, long length) {
        return new SharedRegion(this, first, length);
    }

    /**
     * Netty's {@link DefaultFileRegion} closes its channel when released; this one gives its
     * reference back instead. It stays a DefaultFileRegion, which the epoll transport sends by
     * sendfile(2) (any other FileRegion goes through {@code transferTo} and a copy).
     */
    private static final class SharedRegion extends DefaultFileRegion {
        private final OpenFile file;

        SharedRegion(OpenFile file, long first, long length) {
            super(file.channel, first, length);
            this.file = Objects.requireNonNull(file);
        }

        @Override
        protected void deallocate() {
            file.release();
        }
    }

    @Override
    public String toString() {
        return "OpenFile[" + path + ", " + refs.get() + " references]";
    }
}
