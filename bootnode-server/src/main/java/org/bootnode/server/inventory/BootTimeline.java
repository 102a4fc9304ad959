package org.bootnode.server.inventory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.log.LogText;

/**
 * The boot events of every node, joined from DHCP, TFTP and HTTP. Bounded twice: each MAC keeps
 * its last {@code eventsPerNode} events; every configured node is kept (the configuration bounds
 * them), and at most {@code maxUnknown} other MACs (the one least recently heard from goes
 * first), so a flood of invented MACs cannot grow it nor push a configured node out.
 * Thread-safe: the protocols report from their own event loops.
 */
public final class BootTimeline {
    /** Default events kept per MAC: a few whole boots. */
    public static final int DEFAULT_EVENTS_PER_NODE = 64;
    /** Default MACs kept. */
    public static final int DEFAULT_MAX_NODES = 4096;
    /** MACs kept beyond the configured nodes, for clients no node names (a pool, strangers). */
    public static final int DEFAULT_MAX_UNKNOWN = 4096;

    private final Clock clock;
    private final int eventsPerNode;
    private final Map<MacAddress, Deque<BootEvent>> byMac;
    private final Map<MacAddress, Deque<BootEvent>> configuredByMac = new LinkedHashMap<>();
    private final Predicate<MacAddress> configured;
    private final Consumer<BootEvent> listener;
    private volatile Consumer<BootEvent> watcher = e -> { };
    private long lastId;

    /** A timeline with the default bounds. */
    public BootTimeline(Clock clock) {
        this(clock, DEFAULT_EVENTS_PER_NODE, DEFAULT_MAX_NODES, e -> { });
    }

    /**
     * A timeline with explicit bounds and a listener told of each event after it is recorded
     * (on the reporting thread: it must not block).
     */
    public BootTimeline(Clock clock, int eventsPerNode, int maxNodes, Consumer<BootEvent> listener) {
        this(clock, eventsPerNode, maxNodes, mac -> false, listener);
    }

    /**
     * A timeline that keeps every MAC {@code configured} says is a node, and at most
     * {@code maxUnknown} others. {@code configured} is asked on each event (it must be quick and
     * not block); after the configuration changes, {@link #retainConfigured()} lets go of the
     * nodes it no longer names.
     */
    public BootTimeline(Clock clock, int eventsPerNode, int maxUnknown, Predicate<MacAddress> configured,
            Consumer<BootEvent> listener) {
        this.listener = listener;
        this.configured = configured;
        if (eventsPerNode < 1) {
            throw new IllegalArgumentException("eventsPerNode: " + eventsPerNode + " (expected: 1 or more)");
        }
        if (maxUnknown < 1) {
            throw new IllegalArgumentException("maxUnknown: " + maxUnknown + " (expected: 1 or more)");
        }
        this.clock = clock;
        this.eventsPerNode = eventsPerNode;
        // Access order: the eldest entry is the MAC heard from least recently.
        this.byMac = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<MacAddress, Deque<BootEvent>> eldest) {
                return size() > maxUnknown;
            }
        };
    }

    /**
     * Records an event now; returns it. The detail is escaped here ({@link LogText}): it is often
     * taken from the network (a TFTP file name, a path), and this is the one door into the
     * timeline, whose details reach the log, {@code /api/nodes}, {@code bootnode status} and
     * whatever an embedder's listener prints.
     */
    public BootEvent record(MacAddress mac, BootStage stage, long bytes, String detail) {
        BootEvent event = add(mac, stage, clock.instant(), bytes, detail == null ? "" : LogText.escape(detail), false);
        listener.accept(event);
        return event;
    }

    /**
     * Adds an event recorded elsewhere (another server sharing the database) at its own time
     * among the MAC's events, with an id of this timeline's, without telling the listener: it was
     * logged where it happened. The watcher is told. The caller escapes its detail.
     */
    public void merge(BootEvent event) {
        add(event.mac(), event.stage(), event.time(), event.bytes(), event.detail(), true);
    }

    private BootEvent add(MacAddress mac, BootStage stage, Instant time, long bytes, String safe, boolean merged) {
        boolean known = configured.test(mac);
        BootEvent event;
        synchronized (byMac) {
            event = new BootEvent(mac, stage, time, bytes, safe, ++lastId);
            Deque<BootEvent> events = configuredByMac.get(mac);
            if (events == null && known) {
                events = byMac.remove(mac);
                configuredByMac.put(mac, events != null ? events : new ArrayDeque<>());
                events = configuredByMac.get(mac);
            } else if (events == null) {
                events = byMac.computeIfAbsent(mac, m -> new ArrayDeque<>());
            }
            if (events.size() == eventsPerNode) {
                if (event.time().isBefore(events.peekFirst().time())) {
                    return event; // a merged event older than all it keeps
                }
                events.removeFirst();
            }
            if (merged) {
                // In time order: a merged event may be older than the last one recorded here.
                Deque<BootEvent> later = new ArrayDeque<>();
                while (!events.isEmpty() && event.time().isBefore(events.peekLast().time())) {
                    later.addFirst(events.removeLast());
                }
                events.addLast(event);
                events.addAll(later);
            } else {
                insert(events, event);
            }
            // Under the lock, so that the watcher sees the events in the order of their ids.
            watcher.accept(event);
        }
        return event;
    }

    /**
     * Sets the one watcher told of each event as it is recorded, in the order of the events' ids
     * (the admin API's event stream). It is called with the timeline locked: it must only hand
     * the event on, never block nor call back into the timeline.
     */
    public void watch(Consumer<BootEvent> watcher) {
        this.watcher = Objects.requireNonNull(watcher, "watcher");
    }

    /**
     * Adds {@code event}, before the boot's {@code booted} report when that came first. A file's
     * stage is recorded when its send completes, on that connection's event loop, while the
     * node's next request may come on a new connection handled elsewhere: a node that reports
     * {@code booted} the moment its initrd's last byte arrives can be heard before the initrd's
     * send is, and {@link #latestBoot} would then show that initrd alone as the latest boot.
     * Nothing else moves: a DHCP event starts a boot, and events within a boot keep the order
     * they came in (a script may chain a TFTP file after its own fetch).
     */
    private static void insert(Deque<BootEvent> events, BootEvent event) {
        BootEvent last = events.peekLast();
        if (last != null && last.stage() == BootStage.BOOTED && event.stage() != BootStage.BOOTED
                && !startsBoot(event.stage())) {
            events.removeLast();
            events.addLast(event);
            events.addLast(last);
        } else {
            events.addLast(event);
        }
    }

    private static boolean startsBoot(BootStage stage) {
        return stage == BootStage.DHCP_OFFER || stage == BootStage.DHCP_ACK;
    }

    /**
     * Moves the MACs the configuration no longer names among the others (bounded, least recently
     * heard from first out); call after a reload.
     */
    public void retainConfigured() {
        synchronized (byMac) {
            var it = configuredByMac.entrySet().iterator();
            while (it.hasNext()) {
                var e = it.next();
                if (!configured.test(e.getKey())) {
                    it.remove();
                    byMac.put(e.getKey(), e.getValue());
                }
            }
        }
    }

    /** The events of one MAC, oldest first. */
    public List<BootEvent> events(MacAddress mac) {
        synchronized (byMac) {
            Deque<BootEvent> events = configuredByMac.get(mac);
            if (events == null) {
                events = byMac.get(mac);
            }
            return events == null ? List.of() : List.copyOf(events);
        }
    }

    /** The events of every MAC kept, oldest first per MAC. */
    public Map<MacAddress, List<BootEvent>> snapshot() {
        synchronized (byMac) {
            Map<MacAddress, List<BootEvent>> copy = new LinkedHashMap<>();
            for (var e : new ArrayList<>(configuredByMac.entrySet())) {
                copy.put(e.getKey(), List.copyOf(e.getValue()));
            }
            for (var e : new ArrayList<>(byMac.entrySet())) {
                copy.put(e.getKey(), List.copyOf(e.getValue()));
            }
            return copy;
        }
    }

    /**
     * The events of the latest boot of one MAC: those after the last {@link BootStage#BOOTED}
     * before the final event (so a boot that just completed is shown whole).
     */
    public List<BootEvent> latestBoot(MacAddress mac) {
        List<BootEvent> all = events(mac);
        int start = 0;
        for (int i = all.size() - 2; i >= 0; i--) {
            if (all.get(i).stage() == BootStage.BOOTED) {
                start = i + 1;
                break;
            }
        }
        return all.subList(start, all.size());
    }
}
