package org.bootnode.dhcp.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.bootnode.dhcp.ClientId;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.internal.Inet4;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalLeaseStoreTest {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    static Lease bound(int i, String host) {
        return new Lease(MacAddress.parse(String.format("02:00:00:00:%02x:%02x", i >> 8, i & 0xff)),
                Inet4.of(Inet4.toInt(Inet4.parse("10.0.0.0")) + 10 + i), host, NOW.plusSeconds(3600), Lease.State.BOUND);
    }

    @Test
    void writesCompleteOnlyOnceOnDiskAndReplayAfterRestart() throws Exception {
        Path file = dir.resolve("leases.journal");
        try (JournalLeaseStore s = JournalLeaseStore.open(file, CLOCK)) {
            s.put(bound(1, "node-000")).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertTrue(Files.readString(file).startsWith("B 02:00:00:00:00:01 10.0.0.11 " + NOW.plusSeconds(3600).getEpochSecond() + " node-000 "));
            s.put(bound(2, "with space")).toCompletableFuture().get(5, TimeUnit.SECONDS);
            s.put(new Lease(bound(3, "").mac(), bound(3, "").address(), "", NOW.plusSeconds(600), Lease.State.DECLINED));
            s.release(bound(1, "").mac(), null, bound(1, "").address()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        try (JournalLeaseStore s = JournalLeaseStore.open(file, CLOCK)) {
            assertTrue(s.byMac(bound(1, "").mac()).isEmpty(), "released");
            assertEquals(bound(2, "with space"), s.byMac(bound(2, "").mac()).orElseThrow());
            assertEquals(Lease.State.DECLINED, s.byAddress(bound(3, "").address()).orElseThrow().state());
        }
    }

    @Test
    void tornLastLineIsCutOffOnReplay() throws Exception {
        Path file = dir.resolve("leases.journal");
        try (JournalLeaseStore s = JournalLeaseStore.open(file, CLOCK)) {
            s.put(bound(1, "a")).toCompletableFuture().get(5, TimeUnit.SECONDS);
            s.put(bound(2, "b")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        byte[] whole = Files.readAllBytes(file);
        for (int cut = 1; cut < 40; cut++) { // a crash anywhere inside the last line
            Files.write(file, Arrays.copyOf(whole, whole.length - cut));
            try (JournalLeaseStore s = JournalLeaseStore.open(file, CLOCK)) {
                assertTrue(s.byMac(bound(1, "").mac()).isPresent(), "cut " + cut);
                assertFalse(s.byMac(bound(2, "").mac()).isPresent(), "cut " + cut);
                s.put(bound(3, "c")).toCompletableFuture().get(5, TimeUnit.SECONDS);
            }
            try (JournalLeaseStore s = JournalLeaseStore.open(file, CLOCK)) {
                assertTrue(s.byMac(bound(3, "").mac()).isPresent(), "appends after a cut tail are readable, cut " + cut);
            }
        }
    }

    /** A journal of 200 bound leases with one byte changed on line 100 (the address of lease 99). */
    private Path journalWithOneChangedByte() throws Exception {
        Path file = dir.resolve("leases.journal");
        try (JournalLeaseStore s = JournalLeaseStore.open(file, CLOCK)) {
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                writes.add(s.put(bound(i, "n" + i)).toCompletableFuture());
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(200, lines.size());
        assertTrue(lines.get(99).contains(" 10.0.0.109 "), lines.get(99));
        byte[] bytes = Files.readAllBytes(file);
        int at = new String(bytes, StandardCharsets.UTF_8).indexOf(" 10.0.0.109 ") + 9;
        bytes[at] = '8'; // 10.0.0.109 -> 10.0.0.108: one changed byte, the CRC no longer matches
        Files.write(file, bytes);
        return file;
    }

    @Test
    void oneChangedByteInTheMiddleKeepsEveryOtherRecordAndTheDamagedFileAside() throws Exception {
        Path file = journalWithOneChangedByte();
        byte[] damaged = Files.readAllBytes(file);
        try (JournalLeaseStore s = JournalLeaseStore.open(file, CLOCK)) {
            assertEquals(199, s.all().size(), "every record but the damaged one");
            assertTrue(s.byMac(bound(199, "").mac()).isPresent(), "records after the damage are kept");
            assertTrue(s.byMac(bound(99, "").mac()).isEmpty(), "a line whose CRC does not match is not trusted");
        }
        List<Path> aside;
        try (var listing = Files.list(dir)) {
            aside = listing.filter(p -> p.getFileName().toString().startsWith("leases.journal.damaged-20260101T000000Z")).toList();
        }
        assertEquals(1, aside.size(), "the damaged file is kept next to the journal");
        assertTrue(Arrays.equals(damaged, Files.readAllBytes(aside.get(0))), "byte for byte");
        try (JournalLeaseStore s = JournalLeaseStore.open(file, CLOCK)) {
            assertEquals(199, s.all().size(), "the journal was rewritten from what was read, and reads clean");
        }
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.filter(p -> p.getFileName().toString().contains(".damaged-")).count(), "no second copy");
        }
    }

    @Test
    void damagedJournalCanRefuseToOpenAndIsLeftAsItIs() throws Exception {
        Path file = journalWithOneChangedByte();
        byte[] damaged = Files.readAllBytes(file);
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> JournalLeaseStore.open(file, CLOCK, JournalDamage.REFUSE));
        assertTrue(e.getMessage().contains(file + ": 1 damaged record (line 100: checksum mismatch)"), e.getMessage());
        assertTrue(Arrays.equals(damaged, Files.readAllBytes(file)), "not truncated, not rewritten");
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count(), "no copy, no temporary file");
        }
    }

    @Test
    void manyConcurrentWritesAreGroupCommittedAndAllDurable() throws Exception {
        Path file = dir.resolve("leases.journal");
        List<CompletableFuture<Void>> all = new ArrayList<>();
        try (JournalLeaseStore s = JournalLeaseStore.open(file, CLOCK)) {
            for (int i = 0; i < 3000; i++) {
                all.add(s.put(bound(i, "n" + i)).toCompletableFuture());
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        }
        try (JournalLeaseStore s = JournalLeaseStore.open(file, CLOCK)) {
            assertEquals(3000, s.all().size());
        }
    }

    @Test
    void compactionKeepsEveryActiveLeaseAndShrinksTheJournal() throws Exception {
        Path file = dir.resolve("leases.journal");
        try (JournalLeaseStore s = JournalLeaseStore.open(file, CLOCK)) {
            for (int round = 0; round < 60; round++) {
                List<CompletableFuture<Void>> batch = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    batch.add(s.put(bound(i, "r" + round)).toCompletableFuture());
                }
                CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            }
        }
        long lines = Files.readAllLines(file, StandardCharsets.UTF_8).size();
        assertTrue(lines < 6000, "compacted: " + lines + " lines for 6000 writes");
        try (JournalLeaseStore s = JournalLeaseStore.open(file, CLOCK)) {
            assertEquals(100, s.all().size());
            assertEquals("r59", s.byMac(bound(7, "").mac()).orElseThrow().hostName());
        }
        assertFalse(Files.exists(dir.resolve("leases.journal.tmp")));
    }

    @Test
    void hostNamesWithAnyCharactersRoundTrip() throws Exception {
        Path file = dir.resolve("leases.journal");
        List<String> names = List.of("-", "a b", "100%", "tab\there", "ünï", "x-y");
        try (JournalLeaseStore s = JournalLeaseStore.open(file, CLOCK)) {
            for (int i = 0; i < names.size(); i++) {
                s.put(bound(i, names.get(i))).toCompletableFuture().get(5, TimeUnit.SECONDS);
            }
        }
        Files.writeString(file, "", StandardOpenOption.APPEND);
        try (JournalLeaseStore s = JournalLeaseStore.open(file, CLOCK)) {
            for (int i = 0; i < names.size(); i++) {
                assertEquals(names.get(i), s.byMac(bound(i, "").mac()).orElseThrow().hostName());
            }
        }
    }

    /** A journal line as the store writes it: the body, a space, the CRC-32 of the body in hex. */
    static String line(String body) {
        CRC32 c = new CRC32();
        c.update(body.getBytes(StandardCharsets.UTF_8));
        return body + " " + String.format("%08x", c.getValue()) + "\n";
    }

    @Test
    void journalWrittenBeforeClientIdsReplaysKeyedByMac() throws Exception {
        Path file = dir.resolve("leases.journal");
        long until = NOW.plusSeconds(3600).getEpochSecond();
        // the format as written before client identifiers were kept: no sixth field
        Files.writeString(file, line("B 02:00:00:00:00:01 10.0.0.11 " + until + " node-000")
                + line("B 02:00:00:00:00:02 10.0.0.12 " + until + " -")
                + line("D 02:00:00:00:00:03 10.0.0.13 " + until + " -")
                + line("R 02:00:00:00:00:02 10.0.0.12"));
        try (JournalLeaseStore s = JournalLeaseStore.open(file, CLOCK)) {
            Lease l = s.byMac(MacAddress.parse("02:00:00:00:00:01")).orElseThrow();
            assertEquals(new Lease(MacAddress.parse("02:00:00:00:00:01"), Inet4.parse("10.0.0.11"), "node-000",
                    NOW.plusSeconds(3600), Lease.State.BOUND), l);
            assertNull(l.clientId());
            // the same machine, now sending option 61, still owns it (Kea's rule: one side has no id)
            assertEquals(l, s.byClient(MacAddress.parse("02:00:00:00:00:01"), ClientId.parse("01:02:00:00:00:00:01")).orElseThrow());
            assertTrue(s.byMac(MacAddress.parse("02:00:00:00:00:02")).isEmpty(), "released");
            assertEquals(Lease.State.DECLINED, s.byAddress(Inet4.parse("10.0.0.13")).orElseThrow().state());
            assertEquals(2, s.all().size());
            s.put(bound(4, "after")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        assertTrue(Files.readString(file).contains(line("B 02:00:00:00:00:04 10.0.0.14 " + until + " after")),
                "a client without option 61 is still written in the old format");
    }

    @Test
    void clientIdLeasesRoundTripAndAreKeptApartPerClientId() throws Exception {
        Path file = dir.resolve("leases.journal");
        MacAddress vm = MacAddress.parse("02:00:00:00:00:0a");
        ClientId a = ClientId.parse("ff:00:00:00:01:00:01");
        ClientId b = ClientId.parse("ff:00:00:00:02:00:01");
        Lease la = new Lease(vm, a, Inet4.parse("10.0.0.100"), "", NOW.plusSeconds(3600), Lease.State.BOUND);
        Lease lb = new Lease(vm, b, Inet4.parse("10.0.0.101"), "", NOW.plusSeconds(3600), Lease.State.BOUND);
        Lease lm = new Lease(vm, Inet4.parse("10.0.0.102"), "", NOW.plusSeconds(3600), Lease.State.BOUND);
        try (JournalLeaseStore s = JournalLeaseStore.open(file, CLOCK)) {
            s.put(la);
            s.put(lb);
            s.put(lm).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertTrue(Files.readString(file).contains(" - ff:00:00:00:01:00:01 "), Files.readString(file));
        }
        try (JournalLeaseStore s = JournalLeaseStore.open(file, CLOCK)) {
            assertEquals(la, s.byClient(vm, a).orElseThrow());
            assertEquals(lb, s.byClient(vm, b).orElseThrow());
            assertEquals(lm, s.byMac(vm).orElseThrow(), "the client without an id has its own lease");
            assertEquals(lm, s.byClient(vm, ClientId.parse("ff:09")).orElseThrow(),
                    "a lease recorded without an id belongs to any id of its hardware address (Kea's rule)");
            s.release(vm, b, lb.address()).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals(la.address(), s.byClient(MacAddress.parse("02:00:00:00:00:0b"), a).orElseThrow().address(),
                    "the id finds its lease whatever the chaddr");
        }
        try (JournalLeaseStore s = JournalLeaseStore.open(file, CLOCK)) {
            assertTrue(s.byAddress(lb.address()).isEmpty(), "released by client id");
            assertEquals(lm, s.byMac(vm).orElseThrow());
            assertEquals(la, s.byClient(vm, a).orElseThrow());
            assertEquals(2, s.all().size());
        }
    }

    @Test
    void writesAfterCloseFail() {
        JournalLeaseStore s = JournalLeaseStore.open(dir.resolve("j"), CLOCK);
        s.close();
        assertTrue(s.put(bound(1, "")).toCompletableFuture().isCompletedExceptionally());
    }
}
