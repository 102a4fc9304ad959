package org.bootnode.server.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.bootnode.dhcp.MacAddress;
import org.junit.jupiter.api.Test;

class UnknownMacsTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    private static MacAddress mac(int i) {
        return MacAddress.parse(String.format("02:00:00:00:%02x:%02x", i >> 8, i & 0xff));
    }

    @Test
    void keepsFirstAndLastSeenAndTheLatestSubnetAndArch() {
        UnknownMacs macs = new UnknownMacs(clock, 4);
        macs.heard(mac(1), "dhcp", "x86-bios", "offer");
        now.set(now.get().plus(Duration.ofMinutes(5)));
        UnknownMacs.Heard h = macs.heard(mac(1), "rack1", "uefi-x64", "ignored");
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), h.firstSeen());
        assertEquals(Instant.parse("2026-01-01T00:05:00Z"), h.lastSeen());
        assertEquals("rack1", h.subnet());
        assertEquals("uefi-x64", h.arch());
    }

    @Test
    void aFloodOfMacsKeepsTheBoundAndDropsTheLeastRecentlyHeard() {
        UnknownMacs macs = new UnknownMacs(clock, 4);
        for (int i = 0; i < 10_000; i++) {
            macs.heard(mac(i), "dhcp", "", "x\u001b[31m");
        }
        assertEquals(4, macs.all().size());
        assertEquals(mac(9996), macs.all().get(0).mac());
        assertTrue(macs.all().get(0).detail().startsWith("x\\x1b"), "escaped for the log and the page");
    }
}
