package org.bootnode.tftp.server.internal.fastpath;

import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Read-only mappings of a directory source's files, shared by every transfer of the same file:
 * a hot file is mapped once and its page table entries are filled once, instead of one mapping,
 * one page fault per 64 KiB and one munmap per transfer. Keyed by the file's identity (device
 * and inode), size and modification time, so a replaced or rewritten file gets a new mapping.
 * At most {@link #MAX_FILES} mappings are kept; an evicted one is unmapped when its last
 * transfer lets go of it.
 */
public final class MappingCache {
    /** Mappings kept at most. */
    public static final int MAX_FILES = 32;

    /** A mapping and the transfers using it. */
    public static final class Shared {
        /** The mapping of the whole file. */
        public final MappedByteBuffer map;
        private int users = 1;
        private boolean evicted;

        private Shared(MappedByteBuffer map) {
            this.map = map;
        }
    }

    /** A file's identity, size and modification time, from a stat taken around its open. */
    public record Key(Object fileKey, long size, long modified) {
        /** The key for these attributes, or null when the file system gives no identity. */
        public static Key of(BasicFileAttributes a) {
            return a.fileKey() == null ? null : new Key(a.fileKey(), a.size(), a.lastModifiedTime().toMillis());
        }
    }

    private final Map<Key, Shared> entries = new LinkedHashMap<>(16, 0.75f, true);

    /** The mapping of the file open as {@code channel}, made when absent; the caller must {@link #release} it. */
    public synchronized Shared acquire(FileChannel channel, Key key) throws IOException {
        Shared s = entries.get(key);
        if (s != null) {
            s.users++;
            return s;
        }
        s = new Shared(channel.map(FileChannel.MapMode.READ_ONLY, 0, key.size()));
        entries.put(key, s);
        if (entries.size() > MAX_FILES) {
            Iterator<Shared> eldest = entries.values().iterator();
            Shared old = eldest.next();
            eldest.remove();
            old.evicted = true;
            if (old.users == 0) {
                unmap(old);
            }
        }
        return s;
    }

    /** A transfer is done with the mapping. */
    public synchronized void release(Shared s) {
        if (--s.users == 0 && s.evicted) {
            unmap(s);
        }
    }

    private static void unmap(Shared s) {
        unmap(s.map);
    }

    /**
     * Unmaps {@code map} now, the one call into Netty's internals in this module. Java 17 has
     * no public way to unmap; the public route is to wait for a garbage collection to find the
     * buffer, and until then the mapping stays: a boot storm that opens files faster than
     * collections come could pile them up towards the kernel's limit of mappings per process
     * (vm.max_map_count, 65530 by default), and a replaced file's blocks stay allocated. This
     * is a bound on a resource, not a speed-up; bench/tftp/README.md (the MappingCache step)
     * has what mapping costs: a mapping and a munmap per transfer took about 18% of the loop
     * at blksize 65464, which is why mappings are shared here.
     */
    public static void unmap(MappedByteBuffer map) {
        PlatformDependent.freeDirectBuffer(map);
    }
}
