package org.bootnode.storm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.bootnode.server.api.Json;
import org.bootnode.testkit.BackgroundProcess;
import org.bootnode.testkit.Exec;
import org.bootnode.testkit.Netns;
import org.bootnode.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short boot storm in the suite: {@code bootnode serve} (the jar) in a namespace of its own,
 * 200 simulated nodes (the storm jar) in a second one behind a relay address, small files. Every
 * node boots; the server's {@code /api/nodes} shows each node's timeline complete, from the
 * firmware's DHCP to the booted report; no address went to two MACs.
 */
class StormIT {
    static final int NODES = 200;
    static final List<String> STAGES = List.of("dhcp-offer", "dhcp-ack", "tftp-file", "script", "kernel", "initrd", "booted");

    @TempDir Path dir;

    static Path built(String module, String jar) {
        String project = System.getenv("BOOTNODE_PROJECT_DIR");
        Path p = project != null ? Path.of(project, module, "target", jar) : Path.of("..", "..", module, "target", jar);
        assertTrue(Files.isRegularFile(p), "no " + p + ": failsafe runs after package, so it should exist");
        return p.toAbsolutePath();
    }

    @Test
    void twoHundredNodesBootWithCompleteTimelinesAndNoAddressGivenTwice() throws Exception {
        Tools.requireRootAnd("ip", "curl");
        Path bootnodeJar = built("bootnode-server", "bootnode.jar");
        Path stormJar = built("bench/storm", "storm.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // 64 KiB kernel, 256 KiB initrd, 16 KiB boot files: the chain, not the bytes.
        new StormSetup(dir, NODES, 0.0625, 0.25, 8080, null, dir.resolve("none"), 16 << 10).write();

        try (Netns server = Netns.create("ssrv"); Netns storm = Netns.create("scli")) {
            storm.vethFrom(server, StormNetwork.SERVER.getHostAddress() + "/16", StormNetwork.RELAY.getHostAddress() + "/16");
            server.ip("route", "add", StormNetwork.NODES_CIDR, "via", StormNetwork.RELAY.getHostAddress());
            storm.ip("route", "add", "local", StormNetwork.NODES_CIDR, "dev", "lo");

            List<String> serve = server.command(java, "-XX:+UseSerialGC", "-jar", bootnodeJar.toString(), "serve",
                    "--config", dir.resolve("bootnode.yaml").toString());
            try (BackgroundProcess bootnode = BackgroundProcess.start(dir.resolve("serve.log"), serve)) {
                bootnode.awaitOutput(Duration.ofSeconds(30), log -> log.contains("bootnode: ready"), "serve ready");

                Path props = dir.resolve("storm.props");
                Path perNode = dir.resolve("storm.nodes");
                Exec.Result run = Exec.run(Duration.ofSeconds(90), null, storm.command(java, "-jar", stormJar.toString(),
                        // A kernel takes a second to start: a report sent the instant the initrd's last byte
                        // arrives can overtake the server's own record of that initrd (bench/storm/LOG.md).
                        "run", "--nodes", Integer.toString(NODES), "--spread", "2", "--limit", "60", "--boot-delay", "1",
                        "--label", "bootnode",
                        "--pid", Long.toString(bootnode.process().pid()), "--out", props.toString(), "--nodes-out", perNode.toString()));
                assertEquals(0, run.exitCode(), run::describe);
                Properties p = new Properties();
                try (var in = Files.newInputStream(props)) {
                    p.load(in);
                }
                assertEquals(Integer.toString(NODES), p.getProperty("booted"), run::describe);
                assertEquals("0", p.getProperty("failed"), run::describe);
                assertEquals("0", p.getProperty("address_conflicts"), run::describe);

                Map<String, String> addressOf = addresses(perNode);
                assertEquals(NODES, addressOf.size());
                assertEquals(NODES, new HashSet<>(addressOf.values()).size(), "an address given to two MACs: " + addressOf);

                // The API is on the admin listener: loopback in the server's namespace.
                String json = server.run(Duration.ofSeconds(20), "curl", "-sS", "-f",
                        "http://127.0.0.1:9080/api/nodes").ok().out();
                Map<?, ?> doc = (Map<?, ?>) Json.parse(json);
                List<?> nodes = (List<?>) doc.get("nodes");
                assertEquals(NODES, nodes.size());
                assertEquals(List.of(), doc.get("unknown"), "MACs the server did not know");
                for (Object o : nodes) {
                    Map<?, ?> n = (Map<?, ?>) o;
                    String mac = (String) n.get("mac");
                    assertEquals("booted", n.get("state"), () -> mac + " " + n);
                    assertEquals(addressOf.get(mac), n.get("ip"), () -> mac + ": the storm's address and the server's differ");
                    List<String> stages = new ArrayList<>();
                    for (Object e : (List<?>) n.get("events")) {
                        stages.add((String) ((Map<?, ?>) e).get("stage"));
                    }
                    assertTrue(stages.containsAll(STAGES), () -> mac + ": timeline " + stages + " lacks one of " + STAGES);
                }
            }
        }
    }

    /** MAC to the address iPXE's DHCP gave it, from the storm's per-node lines; both DHCPs must agree. */
    private static Map<String, String> addresses(Path perNode) throws IOException {
        Map<String, String> out = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (String line : Files.readAllLines(perNode)) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(" ");
            assertEquals(f[1], f[2], () -> "firmware and iPXE got different addresses: " + line);
            assertTrue(seen.add(f[0]), () -> "MAC twice: " + line);
            out.put(f[0], f[2]);
        }
        return out;
    }
}
