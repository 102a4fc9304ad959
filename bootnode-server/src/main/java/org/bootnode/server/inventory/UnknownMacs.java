package org.bootnode.server.inventory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.log.LogText;

/**
 * The MACs heard asking for an address that no node names: where (the subnet), what (the
 * firmware's architecture) and when (first and last heard), so that an admin can see them and
 * adopt one as a node. Bounded: at most {@code max} MACs, the one heard from least recently
 * goes first, so a flood of invented MACs cannot grow it. Thread-safe; called from DHCP's event
 * loops, it only updates a map.
 */
public final class UnknownMacs {
    /** Default MACs kept. */
    public static final int DEFAULT_MAX = 1024;

    /**
     * One MAC heard.
     *
     * @param mac its address
     * @param firstSeen when it was first heard (since the server started or it was forgotten)
     * @param lastSeen when it was last heard
     * @param subnet the name of the subnet it was heard on ({@code dhcp} for the main one)
     * @param arch its firmware's architecture ({@code x86-bios}, {@code uefi-x64}...), or an
     *     empty string for an operating system's client
     * @param detail what happened last, short and escaped
     */
    public record Heard(MacAddress mac, Instant firstSeen, Instant lastSeen, String subnet, String arch, String detail) {
        /** Checks the parts. */
        public Heard {
            Objects.requireNonNull(mac, "mac");
            Objects.requireNonNull(firstSeen, "firstSeen");
            Objects.requireNonNull(lastSeen, "lastSeen");
            subnet = subnet == null ? "" : subnet;
            arch = arch == null ? "" : arch;
            detail = detail == null ? "" : detail;
        }
    }

    private final Clock clock;
    private final Map<MacAddress, Heard> byMac;

    /** A list of at most {@code max} MACs. */
    public UnknownMacs(Clock clock, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max: " + max + " (expected: 1 or more)");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.byMac = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<MacAddress, Heard> eldest) {
                return size() > max;
            }
        };
    }

    /** Notes that {@code mac} was heard now on {@code subnet} as {@code arch}; returns what is kept. */
    public Heard heard(MacAddress mac, String subnet, String arch, String detail) {
        Instant now = clock.instant();
        String safe = detail == null ? "" : LogText.escape(detail);
        synchronized (byMac) {
            Heard before = byMac.get(mac);
            Heard kept = new Heard(mac, before == null ? now : before.firstSeen(), now, LogText.escape(subnet),
                    LogText.escape(arch), safe);
            byMac.put(mac, kept);
            return kept;
        }
    }

    /** What is kept of {@code mac}. */
    public Optional<Heard> get(MacAddress mac) {
        synchronized (byMac) {
            return Optional.ofNullable(byMac.get(mac));
        }
    }

    /** Forgets {@code mac} (it was adopted as a node). */
    public void forget(MacAddress mac) {
        synchronized (byMac) {
            byMac.remove(mac);
        }
    }

    /** Every MAC kept, the one heard from least recently first. */
    public List<Heard> all() {
        synchronized (byMac) {
            return new ArrayList<>(byMac.values());
        }
    }
}
