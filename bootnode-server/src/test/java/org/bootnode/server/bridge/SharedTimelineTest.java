package org.bootnode.server.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.inventory.BootEvent;
import org.bootnode.server.inventory.BootTimeline;
import org.bootnode.store.postgres.SharedEvent;
import org.junit.jupiter.api.Test;

/** Other head nodes' events, as they enter this server's timeline. */
class SharedTimelineTest {
    private static final MacAddress MAC = MacAddress.parse("fc:ab:14:e8:66:01");

    private static String merged(String server, String storedDetail) {
        BootTimeline timeline = new BootTimeline(Clock.systemUTC());
        SharedTimeline.merge(timeline, List.of(new SharedEvent(server, MAC, "tftp-file", Instant.EPOCH, 5, storedDetail)), "10.0.0.1");
        return timeline.events(MAC).stream().map(BootEvent::detail).findFirst().orElseThrow();
    }

    @Test
    void aDetailTheOtherServerEscapedIsShownAsItEscapedItNotEscapedTwice() {
        // The other server's timeline stored "a\b<newline>" as "a\\b\n".
        assertEquals("a\\\\b\\n (server 10.0.0.2)", merged("10.0.0.2", "a\\\\b\\n"));
        assertEquals("a\\\\b\\n", merged("10.0.0.1", "a\\\\b\\n"), "this server's own, from before a restart");
    }

    @Test
    void aRowNobodyEscapedIsEscapedHereServerNameToo() {
        assertEquals("a\\\\b\\n\\x1b[2J (server evil\\nline)", merged("evil\nline", "a\\b\n\u001b[2J"));
    }
}
