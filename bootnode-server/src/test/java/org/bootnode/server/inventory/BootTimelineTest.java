package org.bootnode.server.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bootnode.dhcp.MacAddress;
import org.junit.jupiter.api.Test;

class BootTimelineTest {
    /** A clock the test moves. */
    static final class StepClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static MacAddress mac(int i) {
        return MacAddress.of(new byte[] {2, 0, 0, 0, (byte) (i >> 8), (byte) i});
    }

    @Test
    void detailsAreEscapedWhenRecordedSoEveryReaderGetsThemSafe() {
        List<BootEvent> heard = new ArrayList<>();
        BootTimeline timeline = new BootTimeline(new StepClock(), 4, 4, heard::add);
        BootEvent e = timeline.record(mac(1), BootStage.TFTP_FILE, 3, "a\nINFO forged\u001b[31m\\");
        assertEquals("a\\nINFO forged\\x1b[31m\\\\", e.detail());
        assertEquals(e, heard.get(0));
        assertEquals(e, timeline.events(mac(1)).get(0));
        assertEquals("", timeline.record(mac(1), BootStage.BOOTED, 0, null).detail());
    }

    @Test
    void idsIncreaseByOneAcrossMacsAndTheWatcherSeesThemInThatOrderFromManyThreads() throws Exception {
        BootTimeline t = new BootTimeline(new StepClock(), 8, 8, e -> { });
        List<Long> watched = new ArrayList<>();
        t.watch(e -> watched.add(e.id())); // under the timeline's lock: no other lock needed
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            Thread th = new Thread(() -> {
                for (int k = 0; k < 1000; k++) {
                    t.record(mac(n), BootStage.DHCP_OFFER, 0, "");
                }
            });
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join(20_000);
        }
        assertEquals(4000, watched.size());
        for (int i = 0; i < watched.size(); i++) {
            assertEquals(i + 1, watched.get(i));
        }
    }

    @Test
    void eventsAreKeptInOrderWithTheClocksTime() {
        StepClock clock = new StepClock();
        List<BootEvent> heard = new ArrayList<>();
        BootTimeline t = new BootTimeline(clock, 8, 8, heard::add);
        t.record(mac(1), BootStage.DHCP_OFFER, 0, "10.0.0.10");
        clock.now = clock.now.plus(Duration.ofMillis(250));
        t.record(mac(1), BootStage.KERNEL, 1234, "compute");
        List<BootEvent> events = t.events(mac(1));
        assertEquals(List.of(BootStage.DHCP_OFFER, BootStage.KERNEL), events.stream().map(BootEvent::stage).toList());
        assertEquals(Instant.parse("2026-01-01T00:00:00.250Z"), events.get(1).time());
        assertEquals(1234, events.get(1).bytes());
        assertEquals(events, heard);
    }

    @Test
    void eachMacKeepsOnlyItsLastEvents() {
        BootTimeline t = new BootTimeline(new StepClock(), 3, 8, e -> { });
        for (int i = 0; i < 10; i++) {
            t.record(mac(1), BootStage.TFTP_FILE, i, "");
        }
        assertEquals(List.of(7L, 8L, 9L), t.events(mac(1)).stream().map(BootEvent::bytes).toList());
    }

    @Test
    void theMacHeardFromLeastRecentlyGoesFirst() {
        BootTimeline t = new BootTimeline(new StepClock(), 4, 3, e -> { });
        t.record(mac(1), BootStage.DHCP_OFFER, 0, "");
        t.record(mac(2), BootStage.DHCP_OFFER, 0, "");
        t.record(mac(3), BootStage.DHCP_OFFER, 0, "");
        t.record(mac(1), BootStage.DHCP_ACK, 0, "");
        t.record(mac(4), BootStage.DHCP_OFFER, 0, "");
        assertEquals(List.of(mac(3), mac(1), mac(4)), List.copyOf(t.snapshot().keySet()));
        for (int i = 0; i < 10_000; i++) {
            t.record(mac(100 + i), BootStage.DHCP_OFFER, 0, "");
        }
        assertEquals(3, t.snapshot().size());
    }

    @Test
    void aFloodOfUnknownMacsNeverPushesAConfiguredNodeOut() {
        Set<MacAddress> configured = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 5000; i++) {
            configured.add(mac(i));
        }
        BootTimeline t = new BootTimeline(new StepClock(), 4, 3, configured::contains, e -> { });
        for (int i = 0; i < 5000; i++) {
            t.record(mac(i), BootStage.DHCP_OFFER, 0, "");
        }
        for (int i = 0; i < 10_000; i++) {
            t.record(MacAddress.of(new byte[] {2, 1, 0, 0, (byte) (i >> 8), (byte) i}), BootStage.DHCP_OFFER, 0, "");
        }
        assertEquals(5003, t.snapshot().size(), "every configured node and the 3 unknown MACs heard last");
        assertEquals(1, t.events(mac(0)).size());
        configured.clear();
        t.retainConfigured();
        assertEquals(3, t.snapshot().size(), "no longer configured: they join the bounded rest");
    }

    @Test
    void latestBootStartsAfterThePreviousBooted() {
        BootTimeline t = new BootTimeline(new StepClock(), 64, 8, e -> { });
        MacAddress m = mac(1);
        for (BootStage s : List.of(BootStage.DHCP_OFFER, BootStage.SCRIPT, BootStage.BOOTED, BootStage.DHCP_OFFER,
                BootStage.DHCP_ACK)) {
            t.record(m, s, 0, "");
        }
        assertEquals(List.of(BootStage.DHCP_OFFER, BootStage.DHCP_ACK), t.latestBoot(m).stream().map(BootEvent::stage).toList());
        t.record(m, BootStage.BOOTED, 0, "");
        List<BootStage> latest = t.latestBoot(m).stream().map(BootEvent::stage).toList();
        assertEquals(List.of(BootStage.DHCP_OFFER, BootStage.DHCP_ACK, BootStage.BOOTED), latest);
        assertTrue(t.events(mac(9)).isEmpty());
    }

    @Test
    void aFileSendHeardAfterTheBootedReportStaysInItsBoot() {
        BootTimeline t = new BootTimeline(new StepClock(), 64, 8, e -> { });
        MacAddress m = mac(1);
        for (BootStage s : List.of(BootStage.DHCP_OFFER, BootStage.DHCP_ACK, BootStage.SCRIPT, BootStage.KERNEL,
                BootStage.BOOTED, BootStage.INITRD)) {
            t.record(m, s, 0, "");
        }
        List<BootStage> whole = List.of(BootStage.DHCP_OFFER, BootStage.DHCP_ACK, BootStage.SCRIPT, BootStage.KERNEL,
                BootStage.INITRD, BootStage.BOOTED);
        assertEquals(whole, t.latestBoot(m).stream().map(BootEvent::stage).toList());
        assertEquals(whole, t.events(m).stream().map(BootEvent::stage).toList());
        // the next boot's DHCP starts a boot of its own; a late file of it never crosses into the one before
        t.record(m, BootStage.DHCP_OFFER, 0, "");
        t.record(m, BootStage.KERNEL, 0, "");
        assertEquals(List.of(BootStage.DHCP_OFFER, BootStage.KERNEL), t.latestBoot(m).stream().map(BootEvent::stage).toList());
    }

    @Test
    void aMergedEventTakesItsPlaceInTimeAndIsNotHandedToTheListener() {
        StepClock clock = new StepClock();
        List<BootEvent> told = new ArrayList<>();
        BootTimeline timeline = new BootTimeline(clock, 3, 10, told::add);
        Instant t0 = clock.now;
        clock.now = t0.plusSeconds(10);
        timeline.record(mac(1), BootStage.DHCP_OFFER, 0, "here");
        clock.now = t0.plusSeconds(30);
        timeline.record(mac(1), BootStage.DHCP_ACK, 0, "here");
        timeline.merge(new BootEvent(mac(1), BootStage.TFTP_FILE, t0.plusSeconds(20), 5, "elsewhere"));
        assertEquals(List.of("here", "elsewhere", "here"), timeline.events(mac(1)).stream().map(BootEvent::detail).toList());
        assertEquals(2, told.size(), "merged events were logged where they happened");
        // Full (3 per MAC): one older than all kept is left out, a newer one pushes the oldest out.
        timeline.merge(new BootEvent(mac(1), BootStage.DHCP_OFFER, t0, 0, "too old"));
        timeline.merge(new BootEvent(mac(1), BootStage.BOOTED, t0.plusSeconds(40), 0, "newest"));
        assertEquals(List.of("elsewhere", "here", "newest"), timeline.events(mac(1)).stream().map(BootEvent::detail).toList());
    }
}
