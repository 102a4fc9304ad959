package org.bootnode.server.overlay;

import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.NodeSpec;

/**
 * Serves overlays: scans, builds and caches each node's archive on a small executor of its own
 * (never on an event loop, never on the HTTP file threads for longer than a hand-over), and
 * decides who may have it.
 *
 * <p>The cache holds one build per node, good while the configuration is the same object (a
 * reload makes a new one) and the scan of its folders and keys gives the same digest: a changed
 * template, inventory or configuration rebuilds. It is bounded by {@link #MAX_CACHED_BYTES} (least
 * recently used out first); the executor's queue by {@link #MAX_QUEUED} (more is answered
 * {@link Answer.Busy}).
 */
public final class OverlayService implements AutoCloseable {
    /** The most bytes of built archives kept. */
    public static final long MAX_CACHED_BYTES = 256L * 1024 * 1024;
    /** The most requests waiting for the builders. */
    public static final int MAX_QUEUED = 4096;

    /** What a request for an overlay gets. */
    public sealed interface Answer {
        /** The node's overlay, for it. */
        record Served(Overlay overlay) implements Answer {}

        /** The node has no overlays. */
        record None() implements Answer {}

        /** Secret files asked for from another address than the node's own reserved one. */
        record Refused(String reason) implements Answer {}

        /** The overlay cannot be built; the problems name files and lines. */
        record Failed(OverlayException problem) implements Answer {}

        /** Too many requests waiting. */
        record Busy() implements Answer {}
    }

    private record Cached(BootConfig config, String key, Overlay overlay) {}

    private record Scan(OverlayTree tree, long at) {}

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
        this.rescanNanos = rescan.toNanos();
        this.keys = new SshHostKeys(dataDir, new SecureRandom());
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(MAX_QUEUED), r -> {
            Thread t = new Thread(r, "bootnode-overlay-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
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

    private Answer answer(BootConfig config, NodeSpec node, InetAddress client) {
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
                return new Answer.Served(hit.overlay);
            }
        }
        try {
            Overlay built = OverlayBuilder.build(config, plan.get(), inventoryOf(config), keys::keysOf);
            String keyAfter = plan.get().hostKeys() ? plan.get().key() + " keys true" : key;
            synchronized (cache) {
                Cached before = cache.put(node.name(), new Cached(config, keyAfter, built));
                cachedBytes += built.cpio().length - (before == null ? 0 : before.overlay.cpio().length);
                var it = cache.values().iterator();
                while (cachedBytes > MAX_CACHED_BYTES && it.hasNext()) {
                    cachedBytes -= it.next().overlay.cpio().length;
                    it.remove();
                }
            }
            return new Answer.Served(built);
        } catch (OverlayException e) {
            return new Answer.Failed(e);
        }
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
            scans.put(folder, new Scan(tree, now));
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
        executor.shutdownNow();
    }
}
