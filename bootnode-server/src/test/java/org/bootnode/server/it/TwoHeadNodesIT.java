package org.bootnode.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.testkit.BackgroundProcess;
import org.bootnode.testkit.Netns;
import org.bootnode.testkit.Postgres;
import org.bootnode.testkit.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two head nodes at once, as the packaged jar's {@code serve}: each in a namespace of its own on
 * one bridge, sharing one PostgreSQL (on the bridge, in the test's namespace); a router relays a
 * rack to both with ISC dhcrelay; Kea's perfdhcp is many clients in the rack. What was ACKed is
 * read from a tcpdump capture in the rack and compared with the lease table.
 *
 * <pre>
 *   test's namespace: PostgreSQL on LAN.100 ─┐
 *   head A (LAN.1) ──────────────────────────┤ bridge (namespace "lan")
 *   head B (LAN.2) ──────────────────────────┤
 *   router (LAN.254, RACK.1, dhcrelay to A and B) ── rack: perfdhcp at RACK.2 and RACK.3, tcpdump
 * </pre>
 */
class TwoHeadNodesIT {
    static final MacAddress NODE = MacAddress.parse("fc:ab:14:e8:66:01");
    static final Duration START_LIMIT = Duration.ofSeconds(90);

    static Lab lab;
    static Postgres pg;
    static int databases;

    @TempDir Path dir;

    /** The namespaces and links; deleted by close. */
    static final class Lab implements AutoCloseable {
        final String lan;
        final String rack;
        final List<Netns> all = new ArrayList<>();
        Netns bridgeNs;
        Netns a;
        Netns b;
        Netns router;
        Netns clients;
        String ifA;
        String ifB;
        String rackIf;
        String routerLan;
        String routerRack;

        Lab() {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            String base = "10." + (100 + r.nextInt(20)) + ".";
            int block = r.nextInt(254);
            lan = base + block + ".";
            rack = base + (block + 1) + ".";
        }

        void create() {
            bridgeNs = add(Netns.create("hl"));
            String bridge = bridgeNs.bridge(null);
            Netns.Link host = bridgeNs.vethToHost(lan + "100/24", null);
            bridgeNs.ip("link", "set", host.inside(), "master", bridge);
            a = add(Netns.create("ha"));
            ifA = joined(a, bridge, lan + "1/24");
            b = add(Netns.create("hb"));
            ifB = joined(b, bridge, lan + "2/24");
            router = add(Netns.create("hr"));
            routerLan = joined(router, bridge, lan + "254/24");
            router.ok("sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
            clients = add(Netns.create("hk"));
            Netns.Link rackLink = clients.vethFrom(router, rack + "1/24", rack + "2/24");
            clients.ip("addr", "add", rack + "3/24", "dev", rackLink.inside());
            rackIf = rackLink.inside();
            routerRack = rackLink.outside();
            for (Netns head : List.of(a, b)) {
                head.ip("route", "add", rack + "0/24", "via", lan + "254");
            }
            clients.ip("route", "add", "default", "via", rack + "1");
        }

        private Netns add(Netns ns) {
            all.add(ns);
            return ns;
        }

        private String joined(Netns ns, String bridge, String cidr) {
            Netns.Link link = ns.vethFrom(bridgeNs, null, cidr);
            bridgeNs.ip("link", "set", link.outside(), "master", bridge);
            return link.inside();
        }

        @Override
        public void close() {
            for (int i = all.size() - 1; i >= 0; i--) {
                all.get(i).close();
            }
        }
    }

    @BeforeAll
    static void start() {
        Tools.requireRootAnd("ip", "dhcrelay", "perfdhcp", "tcpdump");
        lab = new Lab();
        try {
            lab.create();
            pg = Postgres.start(lab.lan + "100");
        } catch (RuntimeException | AssertionError e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    /** A head node: the packaged jar's serve in its namespace, restartable. */
    final class Head implements AutoCloseable {
        final String name;
        final Netns ns;
        final Path config;
        BackgroundProcess process;
        int starts;

        Head(String name, Netns ns, String address, String iface, String url) throws IOException {
            this.name = name;
            this.ns = ns;
            Path folder = Files.createDirectories(dir.resolve(name));
            Files.createDirectories(folder.resolve("images"));
            Files.writeString(folder.resolve("images/vmlinuz"), "kernel");
            Files.writeString(folder.resolve("images/initrd.img"), "initrd");
            Path pass = folder.resolve("pg.pass");
            Files.writeString(pass, Postgres.PASSWORD + "\n");
            Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-------"));
            config = folder.resolve("bootnode.yaml");
            Files.writeString(config, """
                    server: { address: %s, interface: %s, data-dir: data }
                    store:
                      postgres: { url: "%s", user: %s, password-file: pg.pass }
                    dhcp:
                      subnet: %s0/24
                      unknown-clients: pool
                      subnets:
                        rack: { subnet: %s0/24, router: %s1, lease-time: 1h, pool: %s10-%s250 }
                    http:
                      port: 0
                    images:
                      compute: { kernel: images/vmlinuz, initrd: images/initrd.img }
                    nodes:
                      node-000: { mac: "%s", ip: %s5, image: compute }
                    """.formatted(address, iface, url, Postgres.USER, lab.lan, lab.rack, lab.rack, lab.rack, lab.rack,
                    NODE, lab.rack));
        }

        void start() {
            starts++;
            process = BackgroundProcess.start(dir.resolve(name + "-" + starts + ".log"),
                    ns.command("java", "-Xmx256m", "-jar", ServeIT.jar().toAbsolutePath().toString(), "serve",
                            "--config", config.toString()));
            process.awaitOutput(START_LIMIT, o -> o.contains("bootnode: serving"), name + " serving");
        }

        /** kill -9: no shutdown hook, no close, the store's connections cut by the kernel. */
        void kill() throws InterruptedException {
            process.process().destroyForcibly();
            assertTrue(process.process().waitFor(10, TimeUnit.SECONDS), name + " still alive after SIGKILL");
        }

        @Override
        public void close() {
            if (process != null) {
                process.close();
            }
        }
    }

    BackgroundProcess relay() {
        List<String> command = lab.router.command("dhcrelay", "-d", "-4", "-pf", dir.resolve("dhcrelay.pid").toString(),
                "-id", lab.routerRack, "-iu", lab.routerLan, lab.lan + "1", lab.lan + "2");
        BackgroundProcess relay = BackgroundProcess.start(dir.resolve("dhcrelay.log"), command);
        relay.awaitOutput(Duration.ofSeconds(20), o -> o.contains("Sending on   Socket"), "dhcrelay listening");
        return relay;
    }

    /**
     * perfdhcp from {@code local} (its giaddr: replies come back to it, port 67) to the relay's
     * address in the rack, {@code rate} exchanges a second among {@code clients} MACs for {@code seconds}.
     */
    BackgroundProcess perfdhcp(String name, String local, int rate, int clients, int seconds, String... more) {
        List<String> args = new ArrayList<>(List.of("perfdhcp", "-4", "-g", "single", "-l", local, "-r", Integer.toString(rate),
                "-R", Integer.toString(clients), "-p", Integer.toString(seconds)));
        args.addAll(List.of(more));
        args.add(lab.rack + "1");
        return BackgroundProcess.start(dir.resolve(name + ".log"), lab.clients.command(args.toArray(String[]::new)));
    }

    String database(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** The bound rows: address to MAC (lower-case hex, no colons). */
    Map<String, String> table(String url) {
        Map<String, String> rows = new TreeMap<>();
        pg.psql(database(url), "SELECT host(address) || ' ' || encode(mac, 'hex') FROM lease WHERE state = 'bound'")
                .lines().filter(l -> !l.isBlank()).forEach(l -> rows.put(l.split(" ")[0], l.split(" ")[1]));
        return rows;
    }

    static String hex(MacAddress mac) {
        return HexFormat.of().formatHex(mac.bytes());
    }

    /** No address ACKed to two MACs, and every ACKed pool address is in the table under the MAC it was ACKed to. */
    static void eachAddressOneMacAndInTheTable(List<AckCapture.Ack> acks, Map<String, String> table, String reserved) {
        Map<String, Set<String>> macs = new HashMap<>();
        for (AckCapture.Ack ack : acks) {
            macs.computeIfAbsent(ack.address().getHostAddress(), k -> new TreeSet<>()).add(hex(ack.mac()));
        }
        List<String> twice = macs.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + " " + e.getValue()).toList();
        assertEquals(List.of(), twice, "addresses ACKed to two MACs");
        List<String> missing = macs.entrySet().stream().filter(e -> !e.getKey().equals(reserved))
                .filter(e -> !e.getValue().iterator().next().equals(table.get(e.getKey())))
                .map(e -> e.getKey() + " acked to " + e.getValue() + ", table " + table.get(e.getKey())).toList();
        assertEquals(List.of(), missing, "ACKed but not in the lease table");
    }

    static long between(List<AckCapture.Ack> acks, Instant from, Instant to, Inet4Address server) {
        return acks.stream().filter(a -> !a.time().isBefore(from) && a.time().isBefore(to))
                .filter(a -> server == null || server.equals(a.server())).count();
    }

    static Inet4Address ip(String text) throws IOException {
        return (Inet4Address) InetAddress.getByName(text);
    }

    @Test
    void killNineOneHeadNodeFiveTimesMidRunAndNoAddressGoesToTwoMacs() throws Exception {
        String url = pg.createDatabase("kill" + ++databases);
        String lanUrl = pg.url(lab.lan + "100", database(url));
        try (Head a = new Head("a", lab.a, lab.lan + "1", lab.ifA, lanUrl);
                Head b = new Head("b", lab.b, lab.lan + "2", lab.ifB, lanUrl);
                BackgroundProcess relay = relay();
                AckCapture capture = AckCapture.start(lab.clients, lab.rackIf, dir)) {
            a.start();
            b.start();
            BackgroundProcess perf = perfdhcp("perfdhcp", lab.rack + "2", 40, 200, 70);
            List<Instant[]> windows = new ArrayList<>();
            List<Inet4Address> survivors = new ArrayList<>();
            try (perf) {
                for (int i = 0; i < 5; i++) {
                    Head victim = i % 2 == 0 ? a : b;
                    Head other = victim == a ? b : a;
                    // Mid-run: the clients have been served for a while first.
                    perf.process().waitFor(3, TimeUnit.SECONDS);
                    assertTrue(perf.process().isAlive(), "perfdhcp ended early:\n" + perf.output());
                    Instant killed = Instant.now();
                    victim.kill();
                    // The survivor answers alone for two seconds, then the victim comes back.
                    perf.process().waitFor(2, TimeUnit.SECONDS);
                    victim.start();
                    windows.add(new Instant[] {killed, Instant.now()});
                    survivors.add(ip(other == a ? lab.lan + "1" : lab.lan + "2"));
                }
                // perfdhcp exits 3 when it counted drops: expected here, each kill drops the exchanges in flight.
                perf.awaitExit(Duration.ofSeconds(120));
            }
            List<AckCapture.Ack> acks = capture.stopAndRead();
            assertTrue(acks.size() > 500, acks.size() + " ACKs captured\n" + perf.output());
            eachAddressOneMacAndInTheTable(acks, table(url), lab.rack + "5");
            for (int i = 0; i < windows.size(); i++) {
                long fromOther = between(acks, windows.get(i)[0], windows.get(i)[1], survivors.get(i));
                assertTrue(fromOther > 0, "kill " + (i + 1) + ": no ACK from " + survivors.get(i) + " while the other was down");
            }
            Map<Inet4Address, Long> byServer = acks.stream().collect(Collectors.groupingBy(AckCapture.Ack::server, Collectors.counting()));
            assertEquals(2, byServer.size(), "both head nodes acked: " + byServer);
            System.out.println("kill -9 x5: " + acks.size() + " ACKs captured, by server " + byServer + ", "
                    + table(url).size() + " bound rows; perfdhcp: " + summary(perf.output()));
        }
    }

    static String summary(String perfdhcp) {
        return perfdhcp.lines().filter(l -> l.startsWith("sent:") || l.startsWith("received:") || l.startsWith("drops:")
                || l.contains("sent packets") || l.contains("received packets") || l.contains("drops"))
                .collect(Collectors.joining("; "));
    }

    @Test
    void postgresStoppedForTenSecondsReservedNodesAnsweredPoolClientsAfterNothingAckedOutsideTheTable() throws Exception {
        String url = pg.createDatabase("outage" + ++databases);
        String lanUrl = pg.url(lab.lan + "100", database(url));
        Path macs = dir.resolve("node.macs");
        Files.writeString(macs, NODE + "\n");
        try (Head a = new Head("a", lab.a, lab.lan + "1", lab.ifA, lanUrl);
                Head b = new Head("b", lab.b, lab.lan + "2", lab.ifB, lanUrl);
                BackgroundProcess relay = relay();
                AckCapture capture = AckCapture.start(lab.clients, lab.rackIf, dir)) {
            a.start();
            b.start();
            BackgroundProcess pool = perfdhcp("pool", lab.rack + "2", 20, 150, 40);
            Instant stopped;
            Instant started;
            BackgroundProcess node;
            try (pool) {
                pool.process().waitFor(5, TimeUnit.SECONDS);
                stopped = Instant.now();
                pg.stop();
                try {
                    // The reserved node asks during the outage, from the second client address.
                    node = perfdhcp("node", lab.rack + "3", 2, 1, 8, "-M", macs.toString());
                    node.process().waitFor(10, TimeUnit.SECONDS);
                } finally {
                    pg.startServer();
                    started = Instant.now();
                }
                node.close();
                pool.awaitExit(Duration.ofSeconds(120));
            }
            List<AckCapture.Ack> acks = capture.stopAndRead();
            String reserved = lab.rack + "5";
            long nodeDuring = acks.stream().filter(x -> x.address().getHostAddress().equals(reserved))
                    .filter(x -> x.time().isAfter(stopped) && x.time().isBefore(started)).count();
            assertTrue(nodeDuring > 0, "the reserved node got no ACK while PostgreSQL was stopped\n" + node.output());
            // Pool ACKs while the database was away: none (give a commit in flight at the stop 1 s).
            long poolDuring = acks.stream().filter(x -> !x.address().getHostAddress().equals(reserved))
                    .filter(x -> x.time().isAfter(stopped.plusSeconds(1)) && x.time().isBefore(started)).count();
            assertEquals(0, poolDuring, "pool ACKs while the database was away");
            // The servers reconnect by themselves: pool clients are answered again after it returns.
            long poolAfter = acks.stream().filter(x -> !x.address().getHostAddress().equals(reserved))
                    .filter(x -> x.time().isAfter(started)).count();
            assertTrue(poolAfter > 0, "no pool ACK after PostgreSQL came back\n" + pool.output());
            eachAddressOneMacAndInTheTable(acks, table(url), reserved);
            System.out.println("PostgreSQL stopped 10 s: node ACKs during " + nodeDuring + ", pool ACKs after " + poolAfter
                    + ", " + acks.size() + " ACKs in all; perfdhcp: " + summary(pool.output()));
        }
    }
}
