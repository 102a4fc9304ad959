package org.bootnode.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.testkit.Postgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Boot events shared by two logs on one PostgreSQL (testkit's {@link Postgres}). */
class PostgresEventLogIT {
    static final MacAddress NODE = MacAddress.parse("fc:ab:14:e8:66:01");
    static Postgres pg;
    static int databases;

    @BeforeAll
    static void start() {
        pg = Postgres.start();
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    static PostgresEventLog.Builder log(String url, String server, List<SharedEvent> into) {
        return PostgresEventLog.builder().url(url).user(Postgres.USER).password(Postgres.PASSWORD).serverName(server)
                .pollInterval(Duration.ofMillis(200)).receiver(into::addAll);
    }

    static SharedEvent event(String server, String stage, int second) {
        return new SharedEvent(server, NODE, stage, Instant.parse("2026-12-07T10:00:00Z").plusSeconds(second), second,
                "detail " + second);
    }

    static void await(Duration limit, BooleanSupplier condition, Object what) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    @Test
    void eachLogReceivesTheOtherServersEventsInOrderAndNotItsOwn() throws Exception {
        String url = pg.createDatabase("events" + ++databases);
        List<SharedEvent> atA = new CopyOnWriteArrayList<>();
        List<SharedEvent> atB = new CopyOnWriteArrayList<>();
        try (PostgresEventLog a = log(url, "10.0.0.1", atA).build(); PostgresEventLog b = log(url, "10.0.0.2", atB).build()) {
            for (int i = 0; i < 300; i++) {
                assertTrue(a.offer(event("ignored", "dhcp-ack", i)));
            }
            b.offer(event("ignored", "booted", 1000));
            await(Duration.ofSeconds(20), () -> atB.size() == 300 && atA.size() == 1, atB.size() + " at B, " + atA.size() + " at A");
            for (int i = 0; i < 300; i++) {
                SharedEvent e = atB.get(i);
                assertEquals(new SharedEvent("10.0.0.1", NODE, "dhcp-ack", event("", "x", i).time().truncatedTo(ChronoUnit.MICROS),
                        i, "detail " + i), e, "the server is the writer's name, not the event's");
            }
            assertEquals("10.0.0.2", atA.get(0).server());
            assertEquals(300, a.written());
            assertEquals(0, a.dropped());
        }
        // A third server starting later gets the stored history, every server's, oldest first.
        List<SharedEvent> atC = new CopyOnWriteArrayList<>();
        try (PostgresEventLog c = log(url, "10.0.0.3", atC).history(100).build()) {
            assertEquals(100, atC.size());
            assertEquals("booted", atC.get(99).stage());
            assertEquals(100, c.received());
        }
    }

    @Test
    void aTransactionThatCommitsLateIsStillRead() throws Exception {
        String url = pg.createDatabase("late" + ++databases);
        List<SharedEvent> atB = new CopyOnWriteArrayList<>();
        try (PostgresEventLog b = log(url, "10.0.0.2", atB).build();
                Connection slow = DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD);
                PostgresEventLog a = log(url, "10.0.0.1", new CopyOnWriteArrayList<>()).build()) {
            // An open transaction takes its id (and a row id) first...
            slow.setAutoCommit(false);
            slow.createStatement().execute("INSERT INTO boot_event (source, server, mac, stage, time, bytes, detail)"
                    + " VALUES ('other', '10.0.0.9', '\\xfcab14e86601', 'dhcp-offer', now(), 0, 'late')");
            // ...a later one commits and is read past it...
            a.offer(event("", "dhcp-ack", 1));
            await(Duration.ofSeconds(20), () -> a.written() == 1, "a's write");
            slow.commit();
            // ...and the late commit is read too: the cursor stayed below the open transaction.
            await(Duration.ofSeconds(20), () -> atB.size() == 2, atB);
            assertTrue(atB.stream().anyMatch(e -> e.detail().equals("late")), atB.toString());
        }
    }

    @Test
    void aFullQueueDropsWithACountAndTheLogReconnectsByItself() throws Exception {
        String url = pg.createDatabase("away" + ++databases);
        List<SharedEvent> atB = new CopyOnWriteArrayList<>();
        try (PostgresEventLog a = log(url, "10.0.0.1", new CopyOnWriteArrayList<>()).queueLimit(16).batchSize(4).build();
                PostgresEventLog b = log(url, "10.0.0.2", atB).build()) {
            pg.stop();
            try {
                await(Duration.ofSeconds(20), () -> !a.available(), "a notices the loss");
                long start = System.nanoTime();
                int accepted = 0;
                for (int i = 0; i < 1000; i++) {
                    accepted += a.offer(event("", "tftp-file", i)) ? 1 : 0;
                }
                long took = System.nanoTime() - start;
                assertTrue(took < Duration.ofSeconds(1).toNanos(), "offer never waits: " + took / 1000 + " us for 1000");
                assertTrue(accepted <= 16 + 4 && accepted >= 16, "accepted " + accepted);
                assertEquals(1000 - accepted, a.dropped());
            } finally {
                pg.startServer();
            }
            // What waited is written once the database is back (the reconnect backoff is at most 5 s).
            await(Duration.ofSeconds(30), () -> a.available() && a.written() > 0, "a reconnected and wrote");
            await(Duration.ofSeconds(30), () -> atB.size() == a.written(), atB.size() + " at B of " + a.written());
            assertFalse(atB.isEmpty());
        }
    }

    @Test
    void aWrongPasswordIsAStartError() {
        String url = pg.createDatabase("refused" + ++databases);
        StoreStartException e = assertThrows(StoreStartException.class, () -> PostgresEventLog.builder().url(url)
                .user(Postgres.USER).password("wrong").receiver(x -> { }).build());
        assertTrue(e.getMessage().contains("password authentication failed"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong"), e.getMessage());
    }
}
