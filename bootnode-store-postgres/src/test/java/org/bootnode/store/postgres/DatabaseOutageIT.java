package org.bootnode.store.postgres;

import static org.bootnode.store.postgres.Leases.await;
import static org.bootnode.store.postgres.Leases.bound;
import static org.bootnode.store.postgres.Leases.committed;
import static org.bootnode.store.postgres.Leases.ip;
import static org.bootnode.store.postgres.Leases.mac;
import static org.bootnode.store.postgres.Leases.outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bootnode.dhcp.lease.Lease;
import org.bootnode.testkit.Postgres;
import org.junit.jupiter.api.Test;

/** PostgreSQL stopped under a running store (pg_ctl stop), then started again. */
class DatabaseOutageIT {

    @Test
    void whileTheDatabaseIsAwayReadsAnswerWritesFailFastAndTheStoreComesBackByItself() throws Exception {
        try (Postgres pg = Postgres.start()) {
            String url = pg.createDatabase("leases");
            CountDownLatch disconnected = new CountDownLatch(1);
            CountDownLatch reconnected = new CountDownLatch(1);
            PostgresStoreListener listener = new PostgresStoreListener() {
                @Override
                public void disconnected(Throwable cause) {
                    disconnected.countDown();
                }

                @Override
                public void connected() {
                    reconnected.countDown();
                }
            };
            Lease reserved = bound(9, 20); // node 9's static reservation: unique by configuration
            try (PostgresLeaseStore a = PostgresLeaseStore.builder().url(url).user(Postgres.USER).password(Postgres.PASSWORD)
                    .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500)).listener(listener)
                    .acceptWhileUnavailable(l -> l.mac().equals(reserved.mac()) && l.address().equals(reserved.address()))
                    .build();
                    PostgresLeaseStore b = PostgresLeaseStore.builder().url(url).user(Postgres.USER)
                    .password(Postgres.PASSWORD).reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500)).build()) {
                committed(a.put(bound(1, 10)));

                pg.stop();
                // The first write finds the connection gone: not acknowledged, and the store knows.
                Throwable first = outcome(a.put(bound(2, 11)));
                assertInstanceOf(StoreUnavailableException.class, first);
                assertTrue(disconnected.await(10, TimeUnit.SECONDS), "disconnected reported");
                assertFalse(a.available());
                assertEquals(Optional.empty(), a.byAddress(ip(11)), "the failed write was taken back from memory");

                // Later writes fail at once, on the caller's thread, without waiting for a timeout.
                long start = System.nanoTime();
                CompletableFuture<Void> fast = a.put(bound(3, 12)).toCompletableFuture();
                long took = System.nanoTime() - start;
                assertTrue(fast.isCompletedExceptionally(), "failed before put returned");
                assertTrue(took < TimeUnit.SECONDS.toNanos(1), "no wait for a timeout: " + took / 1000 + " us");
                assertInstanceOf(StoreUnavailableException.class, outcome(fast));
                assertTrue(outcome(a.release(mac(1), null, ip(10))) instanceof StoreUnavailableException);
                assertTrue(a.stats().failed() >= 3, a.stats().toString());
                assertEquals(1, a.stats().connectionsLost());

                // A reserved node still gets its lease (memory only); a pool client does not.
                committed(a.put(reserved));
                assertEquals(Optional.of(reserved), a.byMac(reserved.mac()));
                assertEquals(1, a.stats().acceptedUnavailable());
                assertInstanceOf(StoreUnavailableException.class, outcome(a.put(bound(9, 21))), "not at another address");

                // Reads keep answering from memory.
                assertEquals(Optional.of(bound(1, 10)), a.byMac(mac(1)));
                assertEquals(Optional.of(bound(1, 10)), a.byAddress(ip(10)), "the failed release was taken back");

                pg.startServer();
                assertTrue(reconnected.await(30, TimeUnit.SECONDS), "reconnected by itself");
                assertTrue(a.available());
                committed(a.put(bound(4, 13)));
                // B lost its listener connection too: it reconnects and catches up on its own.
                await(Duration.ofSeconds(30), () -> b.byAddress(ip(13)).equals(Optional.of(bound(4, 13))),
                        "the other store sees the write after the outage");
                assertEquals("2", pg.psql("leases", "SELECT count(*) FROM lease").strip(), "nothing half-written");
            }
        }
    }

    @Test
    void aConnectionCutMidTransactionLeavesNothingHalfWrittenAndTheStoreReconnects() throws Exception {
        try (Postgres pg = Postgres.start()) {
            String url = pg.createDatabase("leases");
            try (PostgresLeaseStore store = PostgresLeaseStore.builder().url(url).user(Postgres.USER)
                    .password(Postgres.PASSWORD).reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500)).build();
                    Connection blocker = DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD)) {
                committed(store.put(bound(1, 10)));
                Lease expired = new Lease(mac(2), ip(11), "", Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS),
                        Lease.State.BOUND);
                committed(store.put(expired));

                // Hold the row of 10.0.0.11, so that the move of client 1 from .10 to .11 stops inside its
                // transaction: after the DELETE of its row on .10, waiting to write .11.
                blocker.setAutoCommit(false);
                try (Statement st = blocker.createStatement()) {
                    st.executeQuery("SELECT * FROM lease WHERE address = '10.0.0.11' FOR UPDATE").close();
                }
                CompletableFuture<Void> move = store.put(bound(1, 11)).toCompletableFuture();
                await(Duration.ofSeconds(10), () -> !pg.psql("leases", "SELECT pid FROM pg_stat_activity"
                        + " WHERE application_name = 'bootnode' AND wait_event_type = 'Lock'").isBlank(), "the move waits");
                pg.psql("leases", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE application_name = 'bootnode' AND wait_event_type = 'Lock'");
                assertInstanceOf(StoreUnavailableException.class, outcome(move), "not acknowledged");
                blocker.rollback();

                assertEquals("10.0.0.10|\\x020000000001\n10.0.0.11|\\x020000000002",
                        pg.psql("leases", "SELECT host(address), mac FROM lease ORDER BY address").strip(),
                        "the DELETE of .10 went with the transaction: nothing half-applied");
                assertEquals(Optional.of(bound(1, 10)), store.byMac(mac(1)), "the memory view took the move back");

                await(Duration.ofSeconds(10), store::available, "reconnected by itself");
                committed(store.put(bound(1, 11)));
                assertEquals("10.0.0.11|\\x020000000001", pg.psql("leases", "SELECT host(address), mac FROM lease").strip());
            }
        }
    }
}
