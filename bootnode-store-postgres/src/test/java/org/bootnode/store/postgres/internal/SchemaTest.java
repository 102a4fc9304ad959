package org.bootnode.store.postgres.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaTest {
    @Test
    void migrationsAreNumberedFromOneWithoutGaps() {
        List<String> scripts = Schema.migrations();
        assertEquals(3, scripts.size(), "update this test and the README's schema with each new migration");
        assertEquals(scripts.size(), Schema.latest());
        assertTrue(scripts.get(0).contains("CREATE TABLE lease"));
        assertTrue(scripts.get(0).contains("CREATE UNIQUE INDEX lease_bound_client"));
        assertTrue(scripts.get(1).contains("CREATE TABLE boot_event"));
        assertTrue(scripts.get(1).contains("CREATE INDEX boot_event_xact ON boot_event (xact, id)"));
        assertTrue(scripts.get(2).contains("CREATE TABLE node ("));
        assertTrue(scripts.get(2).contains("INSERT INTO node_generation (one, generation) VALUES (true, 0)"));
    }
}
