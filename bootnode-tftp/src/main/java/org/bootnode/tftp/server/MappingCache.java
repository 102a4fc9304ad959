package org.bootnode.tftp.server;

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
final class MappingCache {
    static final int MAX_FILES = 32;

    /** A mapping and the transfers using it. */
    static final class Shared {
        final MappedByteBuffer map;
        private int users = 1;
        private boolean evicted;

        private Shared(MappedByteBuffer map) {
            this.map = map;
        }
    }

    /** A file's identity, size and modification time, from a stat taken around its open. */
    record Key(Object fileKey, long size, long modified) {
        /** The key for these attributes, or null when the file system gives no identity. */
        static Key of(BasicFileAttributes a) {
            return a.fileKey() == null ? null : new Key(a.fileKey(), a.size(), a.lastModifiedTime().toMillis());
        }
    }

    private final Map<Key, Shared> entries = new LinkedHashMap<>(16, 0.75f, true);

    /** The mapping of the file open as {@code channel}, made when absent; the caller must {@link #release} it. */
    synchronized Shared acquire(FileChannel channel, Key key) throws IOException {
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
    synchronized void release(Shared s) {
        if (--s.users == 0 && s.evicted) {
            unmap(s);
        }
    }

    private static void unmap(Shared s) {
        PlatformDependent.freeDirectBuffer(s.map);
    }
}
