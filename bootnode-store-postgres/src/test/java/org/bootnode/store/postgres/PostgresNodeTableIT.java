package org.bootnode.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.bootnode.testkit.Postgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The node table shared by two servers on one PostgreSQL (testkit's {@link Postgres}). */
class PostgresNodeTableIT {
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

    static PostgresNodeTable table(String url, String server) {
        return PostgresNodeTable.builder().url(url).user(Postgres.USER).password(Postgres.PASSWORD).serverName(server).build();
    }

    @Test
    void aChangeCheckedAgainstAnOlderGenerationWritesNothing() throws Exception {
        String url = pg.createDatabase("nodes" + ++databases);
        try (PostgresNodeTable a = table(url, "10.0.0.1"); PostgresNodeTable b = table(url, "10.0.0.2")) {
            PostgresNodeTable.Snapshot seenByA = a.read();
            PostgresNodeTable.Snapshot seenByB = b.read();
            assertEquals(new PostgresNodeTable.Snapshot(0, List.of()), seenByA);

            assertTrue(a.put(seenByA.generation(), "node-001", "{\"mac\":\"fc:ab:14:e8:66:02\"}"));
            // B checked its change against generation 0 too: refused, nothing written.
            assertFalse(b.put(seenByB.generation(), "node-002", "{\"mac\":\"fc:ab:14:e8:66:03\"}"));
            assertFalse(b.remove(seenByB.generation(), "node-001"));
            PostgresNodeTable.Snapshot now = b.read();
            assertEquals(new PostgresNodeTable.Snapshot(1, List.of(new PostgresNodeTable.Row("node-001",
                    "{\"mac\":\"fc:ab:14:e8:66:02\"}", 1))), now);
            assertEquals(1, a.generation());

            assertTrue(b.put(now.generation(), "node-001", "{\"mac\":\"fc:ab:14:e8:66:04\"}"));
            assertEquals(2, b.read().rows().get(0).version());
            assertEquals("10.0.0.2", pg.psql(url.substring(url.lastIndexOf('/') + 1), "SELECT changed_by FROM node").strip());
            assertTrue(a.remove(2, "node-001"));
            assertEquals(new PostgresNodeTable.Snapshot(3, List.of()), a.read());
        }
    }

    @Test
    void aDatabaseThatStopsAnsweringIsAnIOExceptionAndTheTableReconnects() throws Exception {
        String url = pg.createDatabase("nodes" + ++databases);
        try (PostgresNodeTable a = table(url, "10.0.0.1")) {
            assertTrue(a.put(0, "node-001", "{}"));
            pg.stop();
            try {
                IOException e = assertThrows(IOException.class, () -> a.put(1, "node-002", "{}"));
                assertTrue(e.getMessage().startsWith("PostgreSQL jdbc:postgresql:") && !e.getMessage().contains(Postgres.PASSWORD),
                        e.getMessage());
            } finally {
                pg.startServer();
            }
            assertEquals(1, a.read().rows().size(), "the failed put left nothing");
            assertTrue(a.put(1, "node-002", "{}"));
        }
    }
}
