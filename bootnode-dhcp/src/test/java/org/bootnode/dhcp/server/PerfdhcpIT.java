package org.bootnode.dhcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.internal.Inet4;
import org.bootnode.dhcp.lease.JournalLeaseStore;
import org.bootnode.dhcp.lease.Lease;
import org.bootnode.testkit.BackgroundProcess;
import org.bootnode.testkit.Exec;
import org.bootnode.testkit.Netns;
import org.bootnode.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kea's perfdhcp against the server (its own process, in its own namespace) in pool mode, as a
 * relay from a second namespace: no drops at a moderate rate, and after SIGKILL every ACKed
 * lease is still in the journal.
 */
class PerfdhcpIT {
    @TempDir
    Path tmp;

    record Setup(Netns server, Netns client, Netns.Link link, String base) implements AutoCloseable {
        static Setup create() {
            String base = "10." + (128 + (int) (Math.random() * 127)) + "." + (int) (Math.random() * 256) + ".";
            Netns server = Netns.create("pfs");
            try {
                Netns client = Netns.create("pfc");
                try {
                    Netns.Link link = client.vethFrom(server, base + "1/24", base + "2/24");
                    return new Setup(server, client, link, base);
                } catch (RuntimeException | AssertionError e) {
                    client.close();
                    throw e;
                }
            } catch (RuntimeException | AssertionError e) {
                server.close();
                throw e;
            }
        }

        @Override
        public void close() {
            client.close();
            server.close();
        }
    }

    BackgroundProcess startServer(Setup s, Path data, String log) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        BackgroundProcess p = BackgroundProcess.start(tmp.resolve(log), s.server().command(
                java, "-cp", System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                ServerMain.class.getName(), s.base() + "1", s.link().outside(), s.base() + "0/24",
                s.base() + "10-" + s.base() + "250", data.toString()));
        p.awaitOutput(Duration.ofSeconds(30), o -> o.contains("READY"), "server ready");
        return p;
    }

    static long stat(String out, String name) {
        Matcher m = Pattern.compile(name + ": (\\d+)").matcher(out);
        long sum = 0;
        boolean found = false;
        while (m.find()) {
            sum += Long.parseLong(m.group(1));
            found = true;
        }
        if (!found) {
            throw new AssertionError("no '" + name + "' in perfdhcp output:\n" + out);
        }
        return sum;
    }

    @Test
    void poolModeAtAModerateRateHasNoDrops() throws Exception {
        Tools.requireRootAnd("ip", "perfdhcp");
        try (Setup s = Setup.create(); BackgroundProcess server = startServer(s, tmp.resolve("data"), "server.log")) {
            // A running server is warm: let the JIT see the paths first (results of this run are not judged).
            s.client().run(Duration.ofSeconds(60), "perfdhcp", "-4", "-r", "200", "-R", "200", "-p", "3",
                    "-l", s.base() + "2", s.base() + "1");
            // 200 DORA/s for 4 s from 200 distinct clients; perfdhcp acts as a relay (giaddr = its address).
            Exec.Result r = s.client().run(Duration.ofSeconds(60), "perfdhcp", "-4", "-r", "200", "-R", "200", "-p", "4",
                    "-d", "2", "-W", "1000000", "-l", s.base() + "2", s.base() + "1");
            String out = r.out() + r.err();
            assertTrue(r.exitCode() == 0, r.describe());
            long sent = stat(out, "sent packets");
            long received = stat(out, "received packets");
            long drops = stat(out, "drops");
            assertTrue(sent >= 1000, "sent " + sent + "\n" + out);
            assertEquals(0, drops, out);
            assertEquals(sent, received, out);
        }
    }

    @Test
    void everyAckedLeaseSurvivesSigkill() throws Exception {
        Tools.requireRootAnd("ip", "perfdhcp");
        Path data = tmp.resolve("data");
        List<String> acked = new ArrayList<>();
        try (Setup s = Setup.create()) {
            BackgroundProcess server = startServer(s, data, "server.log");
            try (BackgroundProcess perf = BackgroundProcess.start(tmp.resolve("perf.log"), s.client().command(
                    "perfdhcp", "-4", "-r", "300", "-R", "230", "-p", "20", "-l", s.base() + "2", s.base() + "1"))) {
                server.awaitOutput(Duration.ofSeconds(30), o -> o.lines().filter(l -> l.startsWith("ACK ")).count() >= 100, "100 ACKs");
                server.process().destroyForcibly(); // SIGKILL, mid-run
                server.process().waitFor();
                for (String line : server.output().split("\n")) {
                    if (line.startsWith("ACK ")) {
                        acked.add(line);
                    }
                }
            } finally {
                server.close();
            }
        }
        assertTrue(acked.size() >= 100, acked.size() + " ACKs");
        try (JournalLeaseStore store = JournalLeaseStore.open(data.resolve("dhcp-leases.journal"))) {
            for (String line : acked) {
                String[] f = line.split(" ");
                Lease l = store.byMac(MacAddress.parse(f[1])).orElseThrow(() -> new AssertionError("lost: " + line));
                assertEquals(Inet4.parse(f[2]), l.address(), line);
            }
        }
    }
}
