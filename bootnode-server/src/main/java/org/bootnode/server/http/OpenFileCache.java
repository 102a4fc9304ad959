package org.bootnode.server.http;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.bootnode.server.log.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernels and initrds open for sending: one {@link OpenFile} per file, shared by all its
 * transfers, so that a cached file is answered on the event loop with no open(2) or stat(2)
 * there and no hop to the file threads (the same design as the overlay cache:
 * {@link org.bootnode.server.overlay.OverlayService#cached}).
 *
 * <p>Filled off the loop: {@link #open} (on a file thread) opens the file, or takes the cached
 * one when the file on disk is still it, and caches it. {@link #cached} reads memory only and
 * answers a file only when a recheck saw it on disk within two recheck periods: every period the
 * recheck (on the executor given) reads each cached file's attributes again and drops the file
 * when its key (inode), size or time changed or it is gone. A file replaced on disk is so sent
 * from what was opened for at most two periods, then opened anew; transfers under way finish from
 * what they opened. An entry is good for the configuration it was opened for only (a reload makes
 * a new {@link org.bootnode.server.inventory.Inventory}). At most {@link #MAX_FILES} files (least
 * recently used out first); while nobody asks for a file for {@link #IDLE} every file is closed.
 */
final class OpenFileCache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OpenFileCache.class);
    /** The most files kept open. */
    static final int MAX_FILES = 64;
    /** How often the cached files are checked against the disk. */
    static final Duration DEFAULT_RECHECK = Duration.ofSeconds(1);
    /** How long without a request before every file is closed. */
    static final Duration IDLE = Duration.ofSeconds(60);

    private final Map<Path, OpenFile> files = new LinkedHashMap<>(16, 0.75f, true);
    private final long recheckNanos;
    private final LongSupplier nanoTime;
    private final ScheduledFuture<?> task;
    private volatile long askedAt;
    private boolean closed;

    /** A cache rechecked every {@code recheck} on {@code executor} (not an event loop: it reads the disk). */
    OpenFileCache(ScheduledExecutorService executor, Duration recheck) {
        this(recheck, System::nanoTime, executor);
    }

    /** A cache whose rechecks the caller runs ({@link #recheck}), with its own clock; for tests. */
    OpenFileCache(Duration recheck, LongSupplier nanoTime) {
        this(recheck, nanoTime, null);
    }

    private OpenFileCache(Duration recheck, LongSupplier nanoTime, ScheduledExecutorService executor) {
        if (recheck.isNegative() || recheck.isZero()) {
            throw new IllegalArgumentException("recheck: " + recheck + " (expected: more than zero)");
        }
        this.recheckNanos = recheck.toNanos();
        this.nanoTime = nanoTime;
        this.askedAt = nanoTime.getAsLong();
        this.task = executor == null ? null : executor.scheduleWithFixedDelay(this::recheckLogged, recheckNanos, recheckNanos,
                TimeUnit.NANOSECONDS);
    }

    /**
     * The cached file at {@code path} with one reference taken for the caller, when it was
     * opened for {@code generation} and seen on disk within two recheck periods; memory only, so
     * safe on an event loop. Empty when {@link #open} must answer.
     */
    Optional<OpenFile> cached(Path path, Object generation) {
        long now = nanoTime.getAsLong();
        askedAt = now;
        OpenFile f;
        synchronized (files) {
            f = files.get(path);
        }
        if (f == null || f.generation() != generation || now - f.seenAt() > 2 * recheckNanos || !f.tryRetain()) {
            return Optional.empty();
        }
        return Optional.of(f);
    }

    /**
     * The file at {@code path} with one reference taken for the caller: the cached one when it
     * was opened for {@code generation} and the file on disk is still it, else the file opened
     * now (and cached, unless it changed while it was opened). Disk work: off the event loop.
     *
     * @throws java.nio.file.NoSuchFileException when there is no such file
     */
    OpenFile open(Path path, Object generation) throws IOException {
        long now = nanoTime.getAsLong();
        askedAt = now;
        OpenFile hit;
        synchronized (files) {
            hit = files.get(path);
        }
        if (hit != null && hit.generation() == generation) {
            OpenFile.Stamp onDisk = OpenFile.Stamp.of(path);
            if (onDisk.equals(hit.stamp()) && hit.tryRetain()) {
                hit.seenAt(now);
                return hit;
            }
        }
        OpenFile fresh = OpenFile.open(path, generation, now);
        if (fresh.stable()) {
            fresh.tryRetain(); // the cache's own reference
            List<OpenFile> out = new ArrayList<>(2);
            synchronized (files) {
                if (closed) {
                    out.add(fresh);
                } else {
                    OpenFile before = files.put(path, fresh);
                    if (before != null) {
                        out.add(before);
                    }
                    Iterator<OpenFile> it = files.values().iterator();
                    while (files.size() > MAX_FILES && it.hasNext()) {
                        out.add(it.next());
                        it.remove();
                    }
                }
            }
            out.forEach(OpenFile::release);
        }
        return fresh;
    }

    /**
     * Checks every cached file against the disk: still the same, it is good for two more
     * periods; changed or gone, it is dropped (closed once its transfers are done). While nobody
     * asks for a file for {@link #IDLE}, every file is dropped. Disk work: off the event loop.
     */
    void recheck() {
        long now = nanoTime.getAsLong();
        List<OpenFile> snapshot;
        synchronized (files) {
            snapshot = new ArrayList<>(files.values());
        }
        boolean idle = now - askedAt > IDLE.toNanos();
        for (OpenFile f : snapshot) {
            long at = nanoTime.getAsLong();
            boolean same;
            try {
                same = !idle && OpenFile.Stamp.of(f.path()).equals(f.stamp());
            } catch (IOException e) {
                same = false;
            }
            if (same) {
                f.seenAt(at);
            } else {
                drop(f);
            }
        }
    }

    private void recheckLogged() {
        try {
            recheck();
        } catch (RuntimeException e) {
            log.warn("http: checking the open files failed: {}", LogText.escape(e.toString()));
        }
    }

    private void drop(OpenFile f) {
        boolean removed;
        synchronized (files) {
            removed = files.remove(f.path(), f);
        }
        if (removed) {
            f.release();
        }
    }

    /** The number of files cached; for tests and metrics. */
    int size() {
        synchronized (files) {
            return files.size();
        }
    }

    /** Stops the rechecks and drops every file (each closes once its transfers are done). */
    @Override
    public void close() {
        if (task != null) {
            task.cancel(false);
        }
        List<OpenFile> out;
        synchronized (files) {
            closed = true;
            out = new ArrayList<>(files.values());
            files.clear();
        }
        out.forEach(OpenFile::release);
    }
}
