package org.bootnode.tftp.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.bootnode.tftp.server.internal.MappedFile;
import org.bootnode.tftp.server.internal.SharedFile;
import org.bootnode.tftp.server.internal.fastpath.MappingCache;

/**
 * A file on disk, read with positional reads, or sent from a read-only mapping when its pages
 * are in the page cache (mincore(2)). Java code never reads the mapping: only the kernel does,
 * inside sendmsg, so a file truncated while served makes a send fail (EFAULT), never a SIGBUS.
 * The mapping is made on first use and unmapped on close. A file opened with a stable identity
 * (device, inode, size and modification time the same before and after the open) shares its
 * mapping and its DATA packets with other transfers of that identity.
 */
final class ChannelFile implements TftpFile, MappedFile, SharedFile {
    /** Bytes checked at once: one mincore(2) per this many bytes sent, not one per block. */
    private static final int CHECK_AHEAD = 1 << 20;

    private final FileChannel channel;
    /** Where the shared channel came from, or null when this file owns its channel. */
    private final OpenFiles files;
    private final OpenFiles.Open open;
    private final long size;
    private final MappingCache cache;
    private final MappingCache.Key key;
    /** Where the file was opened, to see whether it changed in place; null without a key. */
    private final Path path;
    private MappingCache.Shared shared;
    private MappedByteBuffer map;
    private boolean unmappable;
    private boolean closed;
    /** Bytes {@code [residentFrom, residentTo)} were all in the page cache when last checked. */
    private long residentFrom;
    private long residentTo;

    ChannelFile(FileChannel channel) throws IOException {
        this(channel, null, null, null, null, null);
    }

    /**
     * The file at {@code path}, open as {@code channel}: its mapping comes from (and is shared
     * through) {@code cache} under {@code key}, which is also its identity for shared packets;
     * the channel is {@code open}'s, shared through {@code files}, when given.
     */
    ChannelFile(FileChannel channel, MappingCache cache, MappingCache.Key key, Path path, OpenFiles files,
                OpenFiles.Open open) throws IOException {
        this.channel = channel;
        this.files = files;
        this.open = open;
        this.size = channel.size();
        boolean stable = key != null && key.size() == size && path != null;
        this.cache = stable ? cache : null;
        this.key = stable ? key : null;
        this.path = stable ? path : null;
    }

    @Override
    public Object identity() {
        return key;
    }

    /**
     * A stat of the path: the same inode with another size or modification time was written in
     * place (bytes read since the open may be new). Another inode, or none, means the file was
     * replaced or deleted: this open one keeps its bytes.
     */
    @Override
    public void checkUnchanged() throws IOException {
        if (key == null) {
            return;
        }
        MappingCache.Key now;
        try {
            now = MappingCache.Key.of(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return;
        }
        if (now != null && now.fileKey().equals(key.fileKey()) && !now.equals(key)) {
            throw new IOException("file changed while being served");
        }
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return channel.read(dst, position);
    }

    /**
     * True when every page of the range is resident. Between this answer and the read the
     * kernel may evict a page, and the read then waits for the disk: a narrow race, accepted
     * for not sending every read of a hot file to another thread and back.
     */
    @Override
    public synchronized boolean cached(long position, long length) {
        return length <= 0 || (length <= Integer.MAX_VALUE && residentMap(position, (int) length) != null);
    }

    /**
     * A slice of the mapping when the range is resident. Ranges are checked {@link #CHECK_AHEAD}
     * bytes at a time and trusted until passed: a page evicted in between makes one send wait
     * for the disk, the price of not asking the kernel once per block.
     */
    @Override
    public synchronized ByteBuffer resident(long position, int length) {
        MappedByteBuffer m = residentMap(position, length);
        return m == null ? null : m.slice((int) position, length).asReadOnlyBuffer();
    }

    private MappedByteBuffer residentMap(long position, int length) {
        long end = position + length;
        if (position < 0 || length < 0 || end > size || end > Integer.MAX_VALUE || !mapped()) {
            return null;
        }
        if (position >= residentFrom && end <= residentTo) {
            return map;
        }
        long ahead = Math.min(size, Math.max(end, position + CHECK_AHEAD));
        if (map.slice((int) position, (int) (ahead - position)).isLoaded()) {
            residentFrom = position;
            residentTo = ahead;
            return map;
        }
        return length == 0 || map.slice((int) position, length).isLoaded() ? map : null;
    }

    private boolean mapped() {
        if (map == null && !unmappable) {
            try {
                if (cache != null) {
                    shared = cache.acquire(channel, key);
                    map = shared == null ? null : shared.map;
                } else {
                    map = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
                }
            } catch (IOException | RuntimeException e) {
                map = null;
            }
            unmappable = map == null;
        }
        return map != null;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (open != null) {
                files.release(open);
            } else {
                channel.close();
            }
        } finally {
            if (shared != null) {
                cache.release(shared);
            } else if (map != null) {
                // Unmapped now rather than at some later GC: a boot storm opens many files.
                MappingCache.unmap(map);
            }
            map = null;
            shared = null;
        }
    }
}
