package org.bootnode.tftp.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.HashMap;
import java.util.Map;
import org.bootnode.tftp.server.internal.fastpath.MappingCache;

/**
 * One open channel per file identity, shared by every transfer reading that file: a boot storm
 * holds one descriptor for the boot program instead of one per transfer, so the transfer table
 * can be sized to the cluster within the process's open-file limit (each transfer still has its
 * socket and its guard socket). A channel is kept only while a transfer uses it: entries are
 * bounded by the transfers in progress. Reads are positional ({@code pread}), so sharing needs
 * no lock.
 */
final class OpenFiles {
    /** An open channel and the transfers using it. */
    static final class Open {
        final FileChannel channel;
        private final MappingCache.Key key;
        private int users = 1;

        private Open(MappingCache.Key key, FileChannel channel) {
            this.key = key;
            this.channel = channel;
        }
    }

    private final Map<MappingCache.Key, Open> open = new HashMap<>();

    /**
     * The channel already open for {@code key}, now used once more, or null. The key names the
     * inode, its size and modification time as a stat of the checked path just found them, so
     * an open channel with the same key is that file.
     */
    synchronized Open acquire(MappingCache.Key key) {
        Open o = open.get(key);
        if (o != null) {
            o.users++;
        }
        return o;
    }

    /**
     * Shares {@code channel}, just opened and checked to be {@code key}; when another transfer
     * shared the same file meanwhile, that one is used and {@code channel} closed.
     */
    Open share(MappingCache.Key key, FileChannel channel) throws IOException {
        Open o;
        synchronized (this) {
            o = open.get(key);
            if (o == null) {
                o = new Open(key, channel);
                open.put(key, o);
                return o;
            }
            o.users++;
        }
        channel.close();
        return o;
    }

    /** A transfer is done with the file: the last one closes it. */
    void release(Open o) throws IOException {
        synchronized (this) {
            if (--o.users > 0) {
                return;
            }
            open.remove(o.key, o);
        }
        o.channel.close();
    }

    /** Files open now (tests). */
    synchronized int size() {
        return open.size();
    }
}
