package org.bootnode.store.postgres.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConnectorTest {
    @Test
    void passwordsInTheUrlAreNeverShown() {
        assertEquals("jdbc:postgresql://db/bootnode?user=b&password=***&ssl=true",
                Connector.redact("jdbc:postgresql://db/bootnode?user=b&password=s3cr3t&ssl=true"));
        assertEquals("jdbc:postgresql://db/x?PASSWORD=***", Connector.redact("jdbc:postgresql://db/x?PASSWORD=abc"));
        assertEquals("jdbc:postgresql://db/x?sslmode=verify-full&sslpassword=***",
                Connector.redact("jdbc:postgresql://db/x?sslmode=verify-full&sslpassword=key-pass"));
        assertEquals("jdbc:postgresql://db/x", Connector.redact("jdbc:postgresql://db/x"));
    }

    @Test
    void theDescriptionNamesUrlAndUserButNotThePassword() {
        Connector c = new Connector("jdbc:postgresql://db/x?password=inline", "bootnode", "given",
                Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertEquals("jdbc:postgresql://db/x?password=*** as user bootnode", c.describe());
    }
}
