package org.bootnode.tftp.server.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs of ready-to-send DATA packets ({@link BlockChunk}s) shared by every transfer of the same
 * file at the same block size and run length: in a boot storm thousands of nodes fetch the same
 * boot program at the same block size, and each transfer used to read and hold its own copy
 * (up to two 128 KiB runs each: 2,048 transfers put the server at 585 MiB). A transfer now
 * holds a reference; the packets exist once.
 *
 * <p>Bounds: runs in use plus runs kept for later are at most {@code maxBytes}; unused runs are
 * dropped oldest first when room is needed. When every shared run is in use and none fits, a
 * transfer reads a run of its own as before sharing, within a second budget of
 * {@code maxBytes}; past that, {@link #acquire} answers {@link Busy} and the transfer's
 * retransmission timer asks again. Waiters are transfers (one wait each), so bounded by the
 * transfer table.
 *
 * <p>A run is read once: the first transfer to ask reads it (off the event loop unless the file
 * is in memory); others asking meanwhile wait for that read. A file changed in place is caught
 * after each read ({@link SharedFile#checkUnchanged()}): that read fails, is not kept, and
 * every transfer waiting for it fails, so no transfer mixes old and new bytes; a transfer that
 * opens the file afterwards has another identity and reads the new bytes.
 *
 * <p>Thread-safe: transfers on several event loops ask; each call is one short critical
 * section, reads and callbacks run outside it.
 */
public final class ChunkCache implements AutoCloseable {
    /** Which run: the file's identity, the transfer's geometry and the run's index. */
    record Key(Object file, long size, int blockSize, int blocksPerChunk, long index) {}

    /** Reads a run; may block unless the file is in memory. */
    interface Loader {
        BlockChunk load() throws IOException;
    }

    /** Where a run read later goes: called once, on any thread, with the run or the error. */
    interface Delivery {
        void deliver(BlockChunk chunk, IOException error);
    }

    /** What {@link #acquire} answers. */
    sealed interface Claim permits Ready, Pending, Busy {}

    /** The run, counted as used by the caller, who must {@link BlockChunk#release()} it. */
    record Ready(BlockChunk chunk) implements Claim {}

    /** The run comes later through the caller's {@link Delivery}. */
    record Pending() implements Claim {}

    /** No memory for the run now: ask again later. */
    record Busy() implements Claim {}

    private static final Pending PENDING = new Pending();
    private static final Busy BUSY = new Busy();

    private final long maxBytes;
    private final Executor files;
    private final Map<Key, Entry> entries = new HashMap<>();
    /** Entries read and used by no transfer, least recently released first. */
    private final LinkedHashMap<Key, Entry> unused = new LinkedHashMap<>();
    /** Bytes of shared runs, read or being read. */
    private long sharedBytes;
    /** Bytes of runs read per transfer, held or being read. */
    private long ownBytes;
    private boolean closed;

    /** A shared run: being read (chunk null, waiters) or read (users). */
    private static final class Entry {
        final Key key;
        final int bytes;
        BlockChunk chunk;
        int users;
        List<Delivery> waiters = new ArrayList<>(2);

        Entry(Key key, int bytes) {
            this.key = key;
            this.bytes = bytes;
        }
    }

    /**
     * A cache of at most {@code maxBytes} of shared runs (and as much again of runs read per
     * transfer), reading on {@code files}.
     */
    public ChunkCache(long maxBytes, Executor files) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: 1 or more)");
        }
        this.maxBytes = maxBytes;
        this.files = files;
    }

    /**
     * Asks for the run {@code key} of {@code bytes} bytes. Ready: here it is. Pending: it is
     * being read (by {@code loader} on the file executor, or by another transfer) and comes
     * through {@code then}. Busy: no room, ask again later. {@code key} null: the file has no
     * identity, the run is read for this transfer alone. {@code inline}: the file is in memory,
     * read it here.
     */
    Claim acquire(Key key, int bytes, boolean inline, Loader loader, Delivery then) {
        Entry load = null;
        synchronized (this) {
            if (closed) {
                return BUSY;
            }
            Entry e = key == null ? null : entries.get(key);
            if (e != null) {
                if (e.chunk != null) {
                    if (e.users++ == 0) {
                        unused.remove(key);
                    }
                    return new Ready(e.chunk);
                }
                e.waiters.add(then);
                return PENDING;
            }
            if (key != null && makeRoom(bytes)) {
                load = new Entry(key, bytes);
                entries.put(key, load);
                sharedBytes += bytes;
            } else if (ownBytes + bytes <= maxBytes) {
                ownBytes += bytes;
            } else {
                return BUSY;
            }
        }
        return load != null ? loadShared(load, inline, loader, then) : loadOwn(bytes, inline, loader, then);
    }

    /** Drops unused runs, oldest first, until {@code bytes} more fit; false when they cannot. */
    private boolean makeRoom(int bytes) {
        Iterator<Entry> oldest = unused.values().iterator();
        while (sharedBytes + bytes > maxBytes && oldest.hasNext()) {
            Entry e = oldest.next();
            oldest.remove();
            entries.remove(e.key);
            sharedBytes -= e.bytes;
            e.chunk.free();
        }
        return sharedBytes + bytes <= maxBytes;
    }

    private Claim loadShared(Entry e, boolean inline, Loader loader, Delivery then) {
        if (inline) {
            Loaded r = run(loader);
            deliver(loaded(e, r.chunk, r.error, true), r.chunk, r.error);
            if (r.error != null) {
                then.deliver(null, r.error);
                return PENDING;
            }
            return new Ready(r.chunk);
        }
        synchronized (this) {
            e.waiters.add(then);
        }
        try {
            files.execute(() -> {
                Loaded r = run(loader);
                deliver(loaded(e, r.chunk, r.error, false), r.chunk, r.error);
            });
        } catch (RejectedExecutionException ex) {
            // The file threads are saturated: nobody reads it now; every waiter asks again.
            List<Delivery> waiters = loaded(e, null, null, false);
            deliver(waiters, null, null);
        }
        return PENDING;
    }

    /** A read's outcome: the run, or why there is none (a runtime failure too, so no entry stays loading for ever). */
    private record Loaded(BlockChunk chunk, IOException error) {}

    private static Loaded run(Loader loader) {
        try {
            return new Loaded(loader.load(), null);
        } catch (IOException ex) {
            return new Loaded(null, ex);
        } catch (RuntimeException ex) {
            return new Loaded(null, new IOException(ex));
        }
    }

    /**
     * The read of {@code e} ended: keeps the run, counting a use for each waiter (and for the
     * inline reader when {@code reader}), or forgets the entry on an error (or null, null: not
     * read). Returns the waiters to tell, outside the lock.
     */
    private synchronized List<Delivery> loaded(Entry e, BlockChunk c, IOException error, boolean reader) {
        List<Delivery> waiters = e.waiters;
        e.waiters = null;
        if (c == null) {
            entries.remove(e.key);
            sharedBytes -= e.bytes;
            return waiters;
        }
        c.sharedBy(this, e);
        e.chunk = c;
        e.users = waiters.size() + (reader ? 1 : 0);
        if (e.users == 0) {
            if (closed) {
                entries.remove(e.key);
                sharedBytes -= e.bytes;
                c.free();
            } else {
                unused.put(e.key, e);
            }
        }
        return waiters;
    }

    private static void deliver(List<Delivery> waiters, BlockChunk c, IOException error) {
        for (Delivery d : waiters) {
            d.deliver(c, error);
        }
    }

    private Claim loadOwn(int bytes, boolean inline, Loader loader, Delivery then) {
        if (inline) {
            try {
                BlockChunk c = loader.load();
                c.ownedBy(this, bytes);
                return new Ready(c);
            } catch (IOException ex) {
                releaseOwn(bytes);
                then.deliver(null, ex);
                return PENDING;
            }
        }
        try {
            files.execute(() -> {
                BlockChunk c = null;
                IOException error = null;
                try {
                    c = loader.load();
                    c.ownedBy(this, bytes);
                } catch (IOException ex) {
                    error = ex;
                } catch (RuntimeException ex) {
                    error = new IOException(ex);
                }
                if (c == null) {
                    releaseOwn(bytes);
                }
                then.deliver(c, error);
            });
        } catch (RejectedExecutionException ex) {
            releaseOwn(bytes);
            return BUSY;
        }
        return PENDING;
    }

    /** A transfer is done with a shared run. */
    synchronized void release(Object entry) {
        Entry e = (Entry) entry;
        if (--e.users > 0) {
            return;
        }
        if (closed || entries.get(e.key) != e) {
            entries.remove(e.key, e);
            sharedBytes -= e.bytes;
            e.chunk.free();
        } else {
            unused.put(e.key, e);
        }
    }

    /** A transfer's own run of {@code bytes} was freed. */
    synchronized void releaseOwn(int bytes) {
        ownBytes -= bytes;
    }

    /** Frees every unused run; runs in use are freed when their last transfer lets go. */
    @Override
    public synchronized void close() {
        closed = true;
        for (Entry e : unused.values()) {
            entries.remove(e.key);
            sharedBytes -= e.bytes;
            e.chunk.free();
        }
        unused.clear();
    }

    /** Bytes of shared runs (read, being read, in use or not). */
    public synchronized long sharedBytes() {
        return sharedBytes;
    }

    /** Bytes of runs read per transfer. */
    public synchronized long ownBytes() {
        return ownBytes;
    }

    /** Shared runs in use by at least one transfer. */
    public synchronized int runsInUse() {
        int n = 0;
        for (Entry e : entries.values()) {
            if (e.chunk != null && e.users > 0) {
                n++;
            }
        }
        return n;
    }

    /** Shared runs kept (in use, unused or being read). */
    public synchronized int runs() {
        return entries.size();
    }
}
