package org.bootnode.server.overlay;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.log.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves overlays: scans, builds and caches each node's archive on a small executor of its own
 * (never on an event loop, never on the HTTP file threads for longer than a hand-over), and
 * decides who may have it.
 *
 * <p>The cache holds one build per node, good while the configuration is the same object (a
 * reload makes a new one) and the scan of its folders and keys gives the same digest: a changed
 * template, inventory or configuration rebuilds. It is bounded by {@link #MAX_CACHED_BYTES} of
 * archives (least recently used out first; each archive is also kept once in native memory, to
 * be sent from, so the memory is twice that); the executor's queue by {@link #MAX_QUEUED} (more
 * is answered {@link Answer.Busy}).
 *
 * <p>A cached archive is served without the builders by {@link #cached}, which reads memory only
 * and so may run on an event loop: a scanner thread rescans, every rescan period, the folders of
 * the cached overlays and looks for each cached node's host keys, and {@code cached} compares
 * what the entry was built from with those scans. While nobody asks for an overlay (for
 * {@link #IDLE}) the scanner rests, and {@code cached} answers nothing until it has scanned again:
 * the first requests after a rest go to the builders, which scan for themselves.
 */
public final class OverlayService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OverlayService.class);
    /** The most bytes of built archives kept. */
    public static final long MAX_CACHED_BYTES = 256L * 1024 * 1024;
    /** The most requests waiting for the builders. */
    public static final int MAX_QUEUED = 4096;

    /** What a request for an overlay gets. */
    public sealed interface Answer {
        /**
         * The node's overlay, for it.
         *
         * @param overlay the overlay
         * @param body its archive to send, read-only: for a cached overlay a copy in native memory,
         *     which a socket takes with no copy per request; else the archive itself
         */
        record Served(Overlay overlay, ByteBuffer body) implements Answer {
            /** The overlay, sent from its archive. */
            public Served(Overlay overlay) {
                this(overlay, ByteBuffer.wrap(overlay.cpio()).asReadOnlyBuffer());
            }
        }

        /** The node has no overlays. */
        record None() implements Answer {}

        /** Secret files asked for from another address than the node's own reserved one. */
        record Refused(String reason) implements Answer {}

        /** The overlay cannot be built; the problems name files and lines. */
        record Failed(OverlayException problem) implements Answer {}

        /** Too many requests waiting. */
        record Busy() implements Answer {}
    }

    /** How long without a request before the scanner rests. */
    public static final Duration IDLE = Duration.ofSeconds(60);

    /**
     * One node's build and what it was built from: the folders' scan keys in layer order, whether
     * it holds host keys (which must still be there) and secrets (which go only to {@code ip}).
     */
    private record Cached(String node, BootConfig config, String key, Overlay overlay, ByteBuffer body, List<Path> folders,
            List<String> treeKeys, boolean hostKeys, boolean secret, InetAddress ip) {
        Answer.Served served() {
            return new Answer.Served(overlay, body);
        }
    }

    private record Scan(OverlayTree tree, String key, long at) {}

    /** The most folders whose scans are kept. */
    private static final int MAX_SCANS = 1024;

    private final SshHostKeys keys;
    private final ThreadPoolExecutor executor;
    private final Map<String, Cached> cache = new LinkedHashMap<>(64, 0.75f, true);
    private long cachedBytes;
    /** Recent scans by folder: every node of a group shares its overlays' folders. */
    private final Map<Path, Scan> scans = new LinkedHashMap<>();
    private final long rescanNanos;
    private BootConfig inventoryOf;
    private List<Map<String, Object>> inventory;
    private final ScheduledExecutorService scanner;
    /** Whether the scanner has made a pass since it last rested. */
    private volatile boolean verified;
    /** When the scanner's last pass began. */
    private volatile long verifiedAt;
    /** When an overlay was last asked for. */
    private volatile long askedAt = System.nanoTime();
    /** Nodes whose cached overlay has host keys that the scanner no longer found. */
    private final Set<String> keysGone = ConcurrentHashMap.newKeySet();

    /** How long a folder's scan is used before the folder is scanned again. */
    public static final Duration DEFAULT_RESCAN = Duration.ofSeconds(1);

    /** A service keeping host keys under {@code dataDir}, building on {@code threads} threads, rescanning after {@link #DEFAULT_RESCAN}. */
    public OverlayService(Path dataDir, int threads) {
        this(dataDir, threads, DEFAULT_RESCAN);
    }

    /**
     * A service keeping host keys under {@code dataDir}, building on {@code threads} threads. A
     * folder's scan serves every node for {@code rescan}: a changed template is seen within that
     * time, and a thousand nodes asking at once cost one scan of each folder, not a thousand.
     */
    public OverlayService(Path dataDir, int threads, Duration rescan) {
        if (rescan.isNegative() || rescan.isZero()) {
            throw new IllegalArgumentException("rescan: " + rescan + " (expected: more than zero)");
        }
        this.rescanNanos = rescan.toNanos();
        this.keys = new SshHostKeys(dataDir, new SecureRandom());
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(MAX_QUEUED), r -> {
            Thread t = new Thread(r, "bootnode-overlay-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
        this.scanner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bootnode-overlay-scan");
            t.setDaemon(true);
            return t;
        });
        scanner.scheduleWithFixedDelay(() -> {
            try {
                rescan();
            } catch (RuntimeException e) {
                // A failed pass must not end the schedule: until the next one the builders answer.
                verified = false;
                log.warn("overlays: scanning the cached overlays failed: {}", LogText.escape(e.toString()));
            }
        }, rescanNanos, rescanNanos, TimeUnit.NANOSECONDS);
    }

    /** The key store. */
    public SshHostKeys keys() {
        return keys;
    }

    /**
     * The overlay of {@code node} for a request from {@code client}, completed on a builder thread.
     * Secret files go only to the node's own reserved address: that is checked on the scan, before
     * anything is built or generated.
     */
    public CompletableFuture<Answer> request(BootConfig config, NodeSpec node, InetAddress client) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(node, "node");
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    answer.complete(answer(config, node, client));
                } catch (RuntimeException | Error e) {
                    answer.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            answer.complete(new Answer.Busy());
        }
        return answer;
    }

    /**
     * The node's cached overlay when it is still good and {@code client} may have it, without
     * touching the disk (safe on an event loop); empty when the builders must answer (nothing
     * cached, something changed, the scanner resting, or a request the builders refuse and log).
     */
    public Optional<Answer.Served> cached(BootConfig config, NodeSpec node, InetAddress client) {
        long now = System.nanoTime();
        askedAt = now;
        if (!verified || now - verifiedAt > 2 * rescanNanos) {
            return Optional.empty();
        }
        Cached hit;
        synchronized (cache) {
            hit = cache.get(node.name());
        }
        if (hit == null || hit.config != config || (hit.secret && !client.equals(hit.ip))
                || (hit.hostKeys && keysGone.contains(node.name()))) {
            return Optional.empty();
        }
        synchronized (scans) {
            for (int i = 0; i < hit.folders.size(); i++) {
                Scan s = scans.get(hit.folders.get(i));
                if (s == null || !s.key.equals(hit.treeKeys.get(i))) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(hit.served());
    }

    /**
     * The scanner's pass: every folder of a cached overlay scanned again, every cached node's host
     * keys looked for. Skipped while nobody asks ({@link #IDLE}).
     */
    void rescan() {
        long now = System.nanoTime();
        if (now - askedAt > IDLE.toNanos()) {
            verified = false;
            return;
        }
        Set<Path> folders = new HashSet<>();
        Map<Path, String> names = new HashMap<>();
        Set<String> withKeys = new HashSet<>();
        synchronized (cache) {
            for (Cached c : cache.values()) {
                folders.addAll(c.folders);
                if (c.hostKeys) {
                    withKeys.add(c.node);
                }
            }
        }
        synchronized (scans) {
            scans.forEach((folder, s) -> names.put(folder, s.tree.name()));
        }
        for (Path folder : folders) {
            String name = names.get(folder);
            if (name != null) {
                OverlayTree tree = OverlayTree.scan(name, folder);
                synchronized (scans) {
                    scans.put(folder, new Scan(tree, tree.key(), now));
                }
            }
        }
        keysGone.retainAll(withKeys);
        for (String node : withKeys) {
            if (keys.exist(node)) {
                keysGone.remove(node);
            } else {
                keysGone.add(node);
            }
        }
        verifiedAt = now;
        verified = true;
    }

    private Answer answer(BootConfig config, NodeSpec node, InetAddress client) {
        askedAt = System.nanoTime();
        Optional<OverlayBuilder.Plan> plan = OverlayBuilder.plan(config, node, this::scan);
        if (plan.isEmpty()) {
            return new Answer.None();
        }
        if (plan.get().secret() && (node.ip() == null || !node.ip().equals(client))) {
            return new Answer.Refused("secret files asked for from " + client.getHostAddress() + ", not from "
                    + (node.ip() == null ? "a reserved address (the node has no ip)" : "the node's own " + node.ip().getHostAddress()));
        }
        String key = plan.get().key() + (plan.get().hostKeys() ? " keys " + keys.exist(node.name()) : "");
        synchronized (cache) {
            Cached hit = cache.get(node.name());
            if (hit != null && hit.config == config && hit.key.equals(key)) {
                return hit.served();
            }
        }
        try {
            Overlay built = OverlayBuilder.build(config, plan.get(), inventoryOf(config), keys::keysOf);
            String keyAfter = plan.get().hostKeys() ? plan.get().key() + " keys true" : key;
            List<Path> folders = plan.get().trees().stream().map(OverlayTree::folder).toList();
            List<String> treeKeys = plan.get().trees().stream().map(OverlayTree::key).toList();
            keysGone.remove(node.name());
            Cached entry = new Cached(node.name(), config, keyAfter, built, nativeCopy(built.cpio()), folders, treeKeys,
                    plan.get().hostKeys(), plan.get().secret(), node.ip());
            synchronized (cache) {
                Cached before = cache.put(node.name(), entry);
                cachedBytes += built.cpio().length - (before == null ? 0 : before.overlay.cpio().length);
                var it = cache.values().iterator();
                while (cachedBytes > MAX_CACHED_BYTES && it.hasNext()) {
                    cachedBytes -= it.next().overlay.cpio().length;
                    it.remove();
                }
            }
            return entry.served();
        } catch (OverlayException e) {
            return new Answer.Failed(e);
        }
    }

    /**
     * The archive in native memory, read-only: sent from the heap, every answer would first be
     * copied there (the socket writes native memory), which was the largest cost of a cached
     * answer in the server's own code (perf, bench/overlay). Freed when the entry is dropped.
     */
    private static ByteBuffer nativeCopy(byte[] cpio) {
        ByteBuffer b = ByteBuffer.allocateDirect(cpio.length);
        b.put(cpio).flip();
        return b.asReadOnlyBuffer();
    }

    private OverlayTree scan(String name, Path folder) {
        long now = System.nanoTime();
        synchronized (scans) {
            Scan s = scans.get(folder);
            if (s != null && now - s.at < rescanNanos && s.tree.name().equals(name)) {
                return s.tree;
            }
        }
        OverlayTree tree = OverlayTree.scan(name, folder);
        synchronized (scans) {
            if (scans.size() >= MAX_SCANS) {
                scans.clear();
            }
            scans.put(folder, new Scan(tree, tree.key(), now));
        }
        return tree;
    }

    private synchronized List<Map<String, Object>> inventoryOf(BootConfig config) {
        if (inventoryOf != config) {
            inventory = NodeVariables.inventory(config);
            inventoryOf = config;
        }
        return inventory;
    }

    /** Stops the builders; requests waiting are dropped. */
    @Override
    public void close() {
        scanner.shutdownNow();
        executor.shutdownNow();
    }
}
