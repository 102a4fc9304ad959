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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.bootnode.dhcp.lease.Lease;
import org.bootnode.dhcp.lease.LeaseStore;
import org.bootnode.store.postgres.internal.Schema;
import org.bootnode.testkit.Postgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store against a real PostgreSQL that the test starts: contract, two servers, start failures. */
class PostgresLeaseStoreIT {
    static Postgres pg;
    static final AtomicInteger databases = new AtomicInteger();

    @BeforeAll
    static void startPostgres() {
        pg = Postgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) {
            pg.close();
        }
    }

    static String freshDatabase() {
        return pg.createDatabase("leases" + databases.incrementAndGet());
    }

    static PostgresLeaseStore.Builder store(String url) {
        return PostgresLeaseStore.builder().url(url).user(Postgres.USER).password(Postgres.PASSWORD);
    }

    static String database(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** bootnode-dhcp's LeaseStore contract on PostgreSQL. */
    @Nested
    class Contract extends LeaseStoreContract {
        @Override
        LeaseStore open() {
            return store(freshDatabase()).build();
        }
    }

    @Test
    void leasesOutliveTheStoreAndAreLoadedByTheNext() {
        String url = freshDatabase();
        Lease declined = new Lease(mac(3), ip(12), "", Leases.LATER, Lease.State.DECLINED);
        try (PostgresLeaseStore s = store(url).build()) {
            committed(s.put(bound(1, 10)));
            committed(s.put(Leases.boundWithId(2, 11)));
            committed(s.put(declined));
        }
        try (PostgresLeaseStore s = store(url).build()) {
            assertEquals(Optional.of(bound(1, 10)), s.byMac(mac(1)));
            assertEquals(Optional.of(Leases.boundWithId(2, 11)), s.byAddress(ip(11)));
            assertEquals(Optional.of(declined), s.byAddress(ip(12)));
            assertEquals(3, s.all().size());
        }
        assertEquals(Integer.toString(Schema.latest()), pg.psql(database(url), "SELECT max(version) FROM schema_version").strip());
    }

    @Test
    void putsQueuedTogetherCommitTogetherAndAConflictInTheBatchRefusesOnlyItself() {
        String url = freshDatabase();
        try (PostgresLeaseStore a = store(url).serverName("head-a").build();
                PostgresLeaseStore b = store(url).serverName("head-b").build()) {
            committed(b.put(bound(9999, 1500))); // B's client holds .1500; A does not know it yet
            List<CompletionStage<Void>> puts = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                puts.add(a.put(bound(3000 + i, 1300 + i))); // .1500 is the 201st
            }
            for (int i = 0; i < 300; i++) {
                Throwable e = outcome(puts.get(i));
                if (i == 200) {
                    assertEquals(bound(9999, 1500), assertInstanceOf(AddressConflictException.class, e).holder());
                } else {
                    assertEquals(null, e, "put " + i);
                }
            }
            assertEquals(299, a.stats().committed());
            assertEquals(1, a.stats().conflicts());
            assertEquals("300", pg.psql(database(url), "SELECT count(*) FROM lease").strip());
            assertEquals("299", pg.psql(database(url), "SELECT count(*) FROM lease WHERE written_by = 'head-a'").strip());
        }
    }

    @Test
    void twoServersRacingForOneAddressGiveItToExactlyOneClient() {
        String url = freshDatabase();
        int rounds = 40;
        try (PostgresLeaseStore a = store(url).serverName("head-a").build();
                PostgresLeaseStore b = store(url).serverName("head-b").build()) {
            List<CompletionStage<Void>> fromA = new ArrayList<>();
            List<CompletionStage<Void>> fromB = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                // Client 1000+i asks head A, client 2000+i asks head B, for the same free address.
                fromA.add(a.put(bound(1000 + i, 200 + i)));
                fromB.add(b.put(bound(2000 + i, 200 + i)));
            }
            int aWon = 0;
            for (int i = 0; i < rounds; i++) {
                Throwable ea = outcome(fromA.get(i));
                Throwable eb = outcome(fromB.get(i));
                assertTrue((ea == null) != (eb == null), "round " + i + ": exactly one put commits: " + ea + " / " + eb);
                Lease winner = ea == null ? bound(1000 + i, 200 + i) : bound(2000 + i, 200 + i);
                Throwable lost = ea == null ? eb : ea;
                AddressConflictException conflict = assertInstanceOf(AddressConflictException.class, lost);
                assertEquals(winner, conflict.holder());
                aWon += ea == null ? 1 : 0;
                int round = i;
                await(Duration.ofSeconds(10), () -> a.byAddress(ip(200 + round)).equals(Optional.of(winner))
                        && b.byAddress(ip(200 + round)).equals(Optional.of(winner)), "both views hold the winner of round " + i);
            }
            assertEquals(rounds, a.stats().conflicts() + b.stats().conflicts());
            assertEquals(new HashSet<>(a.all()), new HashSet<>(b.all()), "both memory views agree");
            assertEquals(rounds, a.all().size());
            assertEquals(Integer.toString(rounds), pg.psql(database(url), "SELECT count(*) FROM lease").strip());
            System.out.println("race: head A won " + aWon + " of " + rounds + " rounds");
        }
    }

    @Test
    void aLeaseWrittenByOneServerReachesTheOtherThroughNotify() {
        String url = freshDatabase();
        // No reload during the test: only a notification can tell B.
        try (PostgresLeaseStore a = store(url).build();
                PostgresLeaseStore b = store(url).reloadInterval(Duration.ofHours(1)).build()) {
            committed(a.put(bound(1, 10)));
            await(Duration.ofSeconds(10), () -> b.byAddress(ip(10)).equals(Optional.of(bound(1, 10))), "B sees A's lease");
            assertEquals(Optional.of(bound(1, 10)), b.byMac(mac(1)));

            committed(a.put(bound(1, 11)));
            await(Duration.ofSeconds(10), () -> b.byMac(mac(1)).equals(Optional.of(bound(1, 11)))
                    && b.byAddress(ip(10)).isEmpty(), "B sees the client move");

            committed(a.release(mac(1), null, ip(11)));
            await(Duration.ofSeconds(10), () -> b.byAddress(ip(11)).isEmpty(), "B sees the release");
            assertEquals(0, b.stats().reloads());
            assertTrue(b.stats().notified() >= 3, "notified: " + b.stats());
        }
    }

    @Test
    void theReadmeExampleRuns(@TempDir Path dir) throws IOException {
        Path passwordFile = dir.resolve("pg.pass");
        Files.writeString(passwordFile, Postgres.PASSWORD + "\n");
        Lease lease = ReadmeExample.sample(mac(7));
        assertEquals(lease, ReadmeExample.run(freshDatabase(), passwordFile, lease));
    }

    @Test
    void aClientThatRebindsWithTheOtherServerKeepsItsAddress() {
        String url = freshDatabase();
        try (PostgresLeaseStore a = store(url).serverName("head-a").build();
                PostgresLeaseStore b = store(url).serverName("head-b").build()) {
            for (int i = 0; i < 20; i++) {
                Lease first = Leases.boundWithId(i, 10 + i);
                committed(a.put(first));
                // Head A is gone; the client's REBINDING broadcast reaches head B, which extends the same
                // lease while A's notification is still on its way to B: B's view must keep B's write.
                Lease extended = new Lease(mac(i), first.clientId(), ip(10 + i), "", Leases.LATER.plusSeconds(3600),
                        Lease.State.BOUND);
                committed(b.put(extended));
                assertEquals(Optional.of(extended), b.byClient(mac(i), extended.clientId()), "round " + i);
                await(Duration.ofSeconds(10), () -> a.byAddress(extended.address()).equals(Optional.of(extended))
                        && b.byAddress(extended.address()).equals(Optional.of(extended)), "both views hold the extension");
            }
            assertEquals("20", pg.psql(database(url), "SELECT count(*) FROM lease WHERE written_by = 'head-b'").strip());
        }
    }

    @Test
    void aClientsRowOnAnotherAddressThatTheViewDoesNotShowIsReplacedNotDuplicated() {
        String url = freshDatabase();
        try (PostgresLeaseStore a = store(url).build()) {
            // A row this store never heard of (written without a notification): client 1 on 10.0.0.10.
            pg.psql(database(url), "INSERT INTO lease (address, mac, client_key, host_name, expires, state, written_by)"
                    + " VALUES ('10.0.0.10', '\\x020000000001', '\\x00020000000001', '', now() + interval '1 hour',"
                    + " 'bound', 'elsewhere')");
            committed(a.put(bound(1, 11)));
            assertEquals("10.0.0.11", pg.psql(database(url), "SELECT host(address) FROM lease").strip(),
                    "the client holds one bound lease: its row on 10.0.0.10 went in the same transaction");
        }
    }

    @Test
    void anExpiredLeaseOfAnotherClientIsReplaced() {
        String url = freshDatabase();
        try (PostgresLeaseStore a = store(url).build()) {
            Lease old = new Lease(mac(1), ip(10), "", Leases.LATER.minus(Duration.ofDays(1)), Lease.State.BOUND);
            committed(a.put(old));
            assertNull(outcome(a.put(bound(2, 10))));
            assertEquals(Optional.of(bound(2, 10)), a.byAddress(ip(10)));
        }
    }

    @Test
    void aSchemaNewerThanTheCodeStopsTheStart() {
        String url = freshDatabase();
        store(url).build().close();
        pg.psql(database(url), "INSERT INTO schema_version (version, applied_by) VALUES (99, 'the future')");
        StoreStartException e = assertThrows(StoreStartException.class, () -> store(url).build());
        assertTrue(e.getMessage().contains("schema version 99 is newer than this bootnode knows (" + Schema.latest() + ")"), e.getMessage());
        assertTrue(e.getMessage().contains(url), e.getMessage());
    }

    @Test
    void aWrongPasswordStopsTheStartNamingTheUrlWithoutThePassword() {
        String url = freshDatabase();
        StoreStartException e = assertThrows(StoreStartException.class,
                () -> PostgresLeaseStore.builder().url(url).user(Postgres.USER).password("not-the-password").build());
        assertTrue(e.getMessage().contains(url + " as user bootnode"), e.getMessage());
        assertTrue(e.getMessage().contains("password authentication failed"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-password"), e.getMessage());

        StoreStartException inUrl = assertThrows(StoreStartException.class,
                () -> PostgresLeaseStore.builder().url(url + "?user=bootnode&password=hunter2").build());
        assertTrue(inUrl.getMessage().contains("password=***"), inUrl.getMessage());
        assertFalse(inUrl.getMessage().contains("hunter2"), inUrl.getMessage());
    }

    @Test
    void anUnreachableDatabaseStopsTheStartNamingTheUrl() {
        String url = "jdbc:postgresql://127.0.0.1:1/leases";
        StoreStartException e = assertThrows(StoreStartException.class,
                () -> store(url).connectTimeout(Duration.ofSeconds(2)).build());
        assertTrue(e.getMessage().startsWith("PostgreSQL " + url + " as user bootnode: "), e.getMessage());
        assertFalse(e.getMessage().contains(Postgres.PASSWORD), e.getMessage());
    }
}
