package org.bootnode.server.bridge;

import java.util.List;
import java.util.Optional;
import org.bootnode.server.config.ServerSection;
import org.bootnode.server.config.StoreSection;
import org.bootnode.server.inventory.BootEvent;
import org.bootnode.server.inventory.BootStage;
import org.bootnode.server.inventory.BootTimeline;
import org.bootnode.server.log.LogText;
import org.bootnode.store.postgres.PostgresEventLog;
import org.bootnode.store.postgres.SharedEvent;
import org.bootnode.store.postgres.StoreStartException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code store: { postgres: ... }}: the boot timeline shared by every head node given the same
 * database (bootnode-store-postgres's {@link PostgresEventLog}). Each event this server records is
 * queued for the table (never waiting: a full queue drops it, counted); the other servers' events
 * are merged into this server's timeline, their detail ending in {@code (server ADDRESS)} (this
 * server's own from before a restart are not marked), so that
 * {@code /api/nodes} and the web page of either server show every node's boots.
 */
public final class SharedTimeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SharedTimeline.class);

    private final PostgresEventLog events;
    private final String serverName;

    private SharedTimeline(PostgresEventLog events, String serverName) {
        this.events = events;
        this.serverName = serverName;
    }

    /**
     * Connects, migrates, merges the stored history into {@code timeline} and starts sharing.
     *
     * @throws StoreStartException the database is unreachable, refused the credentials, or holds
     *     a newer schema
     */
    public static SharedTimeline open(StoreSection.Postgres pg, ServerSection server, BootTimeline timeline) {
        String name = server.address().getHostAddress();
        PostgresEventLog.Builder b = PostgresEventLog.builder()
                .url(pg.url())
                .serverName(name)
                .receiver(list -> merge(timeline, list, name));
        if (pg.user() != null) {
            b.user(pg.user());
        }
        if (pg.passwordFile() != null) {
            b.passwordFile(pg.passwordFile());
        }
        return new SharedTimeline(b.build(), name);
    }

    /** Queues an event recorded here for the other servers; never waits. */
    public void share(BootEvent event) {
        events.offer(new SharedEvent(serverName, event.mac(), event.stage().label(), event.time(), event.bytes(), event.detail()));
    }

    /** Events written, dropped (queue full) and received, for metrics. */
    public PostgresEventLog log() {
        return events;
    }

    static void merge(BootTimeline timeline, List<SharedEvent> list, String self) {
        for (SharedEvent e : list) {
            Optional<BootStage> stage = stage(e.stage());
            if (stage.isEmpty()) {
                // A newer server's stage this one does not know: left out of the timeline.
                log.debug("boot event of {} from {}: unknown stage {}", e.mac(), LogText.escape(e.server()), LogText.escape(e.stage()));
                continue;
            }
            // This server's own events come back only as history from before a restart: not marked.
            String detail = escaped(e.detail());
            if (!e.server().equals(self)) {
                detail = (detail.isEmpty() ? "" : detail + " ") + "(server " + LogText.escape(e.server()) + ")";
            }
            timeline.merge(new BootEvent(e.mac(), stage.get(), e.time(), e.bytes(), detail));
        }
    }

    /**
     * A stored detail as the timeline shows it. The server that recorded it stored it escaped
     * (its timeline's one door), so it is kept as it is, backslashes and all, unless it holds
     * what no escaped text can (a row bootnode did not write): then it is escaped here.
     */
    static String escaped(String stored) {
        String bare = stored.replace("\\", "");
        return LogText.escape(bare).equals(bare) ? stored : LogText.escape(stored);
    }

    private static Optional<BootStage> stage(String label) {
        for (BootStage s : BootStage.values()) {
            if (s.label().equals(label)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        events.close();
    }
}
