package org.bootnode.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A caller's mistakes are IllegalArgumentExceptions at build time, worded "name: value (expected: ...)". */
class BuilderTest {
    @Test
    void callersMistakesAreNamed() {
        assertEquals("url: jdbc:mysql://db/x?password=*** (expected: jdbc:postgresql://host/database)",
                assertThrows(IllegalArgumentException.class,
                        () -> PostgresLeaseStore.builder().url("jdbc:mysql://db/x?password=pw")).getMessage());
        assertEquals("url: missing (expected: jdbc:postgresql://host/database)",
                assertThrows(IllegalArgumentException.class, () -> PostgresLeaseStore.builder().build()).getMessage());
        assertEquals("queueLimit: 0 (expected: 1..1000000)",
                assertThrows(IllegalArgumentException.class, () -> PostgresLeaseStore.builder().queueLimit(0)).getMessage());
        assertEquals("reloadInterval: PT0S (expected: more than zero)",
                assertThrows(IllegalArgumentException.class,
                        () -> PostgresLeaseStore.builder().reloadInterval(Duration.ZERO)).getMessage());
        assertEquals("reconnectBackoff: PT5S..PT1S (expected: min <= max)",
                assertThrows(IllegalArgumentException.class,
                        () -> PostgresLeaseStore.builder().reconnectBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                        .getMessage());
    }
}
