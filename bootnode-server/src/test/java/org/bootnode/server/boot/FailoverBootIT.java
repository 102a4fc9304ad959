package org.bootnode.server.boot;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.bootnode.testkit.BackgroundProcess;
import org.bootnode.testkit.Netns;
import org.bootnode.testkit.Postgres;
import org.bootnode.testkit.Tools;
import org.junit.jupiter.api.Test;

/**
 * Two head nodes sharing PostgreSQL, a qemu node between them (issue 22): the node boots from
 * head A; A is killed (SIGKILL); the node is power-cycled and boots from head B with the same
 * address; each head node's {@code /api/nodes} shows the other's boot of it, each one's
 * {@code /api/nodes/node-000} both boots, and the event table holds both. The API is read on the
 * admin listener, 127.0.0.1:9080 in each head node's namespace. The heads are the packaged jar's {@code serve}, each in a namespace of its own with
 * a veth on one bridge; the VM's tap is on that bridge; PostgreSQL listens on the bridge too.
 */
class FailoverBootIT {
    private static final Duration BOOT_LIMIT = Duration.ofSeconds(240);
    private static final Duration API_LIMIT = Duration.ofSeconds(30);
    private static final String MAC = "fc:ab:14:e8:66:01";
    private static final List<String> IPXE_FILES = List.of("undionly.kpxe", "ipxe.efi", "snponly.efi");

    private final List<AutoCloseable> open = new ArrayList<>();
    private String net;
    private Path work;

    @Test
    void aNodeBootsFromATheFromBWithTheSameAddressAndBothShowBothBoots() throws Exception {
        Tools.requireRootAnd("ip", "curl", "radvd");
        BootAssets assets = BootAssets.get();
        Path target = BootAssets.projectDir().resolve("bootnode-server/target");
        ThreadLocalRandom r = ThreadLocalRandom.current();
        net = "10." + (120 + r.nextInt(8)) + "." + r.nextInt(254) + ".";
        Netns lab = Netns.create("fo");
        try {
            work = Files.createDirectories(target.resolve("failover-lab").resolve(lab.name()));
            String bridge = lab.bridge(null);
            Netns.Link host = lab.vethToHost(net + "100/24", null);
            lab.ip("link", "set", host.inside(), "master", bridge);
            Netns nsA = Netns.create("fa");
            open.add(nsA);
            Netns nsB = Netns.create("fb");
            open.add(nsB);
            String ifA = joined(lab, nsA, bridge, net + "1/24");
            String ifB = joined(lab, nsB, bridge, net + "2/24");
            try (Postgres pg = Postgres.start(net + "100")) {
                String url = pg.url(net + "100", "failover");
                pg.createDatabase("failover");
                advertiseNoRouter(nsB, ifB); // B stays up: iPXE's IPv6 wait is answered throughout
                Path configA = config("a", net + "1", ifA, url, assets);
                Path configB = config("b", net + "2", ifB, url, assets);

                BackgroundProcess a = serve(nsA, "a-1", configA);
                QemuNode first = boot(lab, bridge, "node-000-first");
                awaitBoot(first, a);
                // B starts after the first boot: the node could only boot from A.
                BackgroundProcess b = serve(nsB, "b-1", configB);
                String atB = api(nsB, net + "2", b, s -> nodeHas(s, "booted") && s.contains("(server " + net + "1)"));
                assertTrue(nodeHas(atB, "dhcp-ack\",\"time\"") && atB.contains("\"detail\":\"" + net + "10 "), atB);

                a.process().destroyForcibly(); // kill -9
                assertTrue(a.process().waitFor(10, TimeUnit.SECONDS));
                first.close();
                QemuNode second = boot(lab, bridge, "node-000-second");
                awaitBoot(second, b);
                String atBAgain = api(nsB, net + "2", b, s -> latestBootIsOwn(s) && nodeHas(s, "booted"));
                assertTrue(atBAgain.contains("\"detail\":\"" + net + "10 "), "B gave the same address: " + atBAgain);

                // A comes back and reads the boot it missed from the database.
                BackgroundProcess a2 = serve(nsA, "a-2", configA);
                String atA = api(nsA, net + "1", a2, s -> nodeHas(s, "booted") && s.contains("(server " + net + "2)"));
                assertTrue(atA.contains("\"detail\":\"" + net + "10 "), atA);
                // Both boots on both: /api/nodes/node-000 lists the recent boots, A's then B's.
                String ackA = "\"stage\":\"dhcp-ack\"";
                Predicate<String> bothBoots = s -> count(s, "\"stage\":\"booted\"") >= 2 && count(s, ackA) >= 4;
                String detailA = api(nsA, net + "1", "/api/nodes/node-000", a2, bothBoots);
                api(nsB, net + "2", "/api/nodes/node-000", b, bothBoots.and(s -> s.contains("(server " + net + "1)")));
                assertTrue(detailA.contains("(server " + net + "2)"), detailA);
                String rows = pg.psql("failover", "SELECT server || ' ' || detail FROM boot_event WHERE stage = 'dhcp-ack'"
                        + " AND mac = '\\xfcab14e86601' ORDER BY time");
                assertTrue(rows.contains(net + "1 " + net + "10 ") && rows.contains(net + "2 " + net + "10 "),
                        "both boots, both with the reserved address, in boot_event:\n" + rows);
                System.out.println("failover: booted from A in " + first.elapsed().toSeconds() + " s, then from B in "
                        + second.elapsed().toSeconds() + " s; dhcp-ack rows:\n" + rows.strip());
            }
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                try {
                    open.get(i).close();
                } catch (Exception e) {
                    // Keep closing; the namespaces go below in any case.
                }
            }
            lab.close();
        }
    }

    private String joined(Netns lab, Netns ns, String bridge, String cidr) {
        Netns.Link link = ns.vethFrom(lab, null, cidr);
        lab.ip("link", "set", link.outside(), "master", bridge);
        return link.inside();
    }

    private void advertiseNoRouter(Netns ns, String iface) throws IOException {
        if (!Files.isDirectory(Path.of("/proc/sys/net/ipv6"))) {
            return;
        }
        Path conf = work.resolve("radvd.conf");
        Files.writeString(conf, "interface " + iface + " {\n  AdvSendAdvert on;\n  AdvDefaultLifetime 0;\n};\n");
        ns.ok("sysctl", "-q", "-w", "net.ipv6.conf.all.forwarding=1");
        open.add(BackgroundProcess.start(work.resolve("radvd.log"), ns.command(Tools.require("radvd").get(0).toString(),
                "-n", "-m", "stderr", "-C", conf.toString(), "-p", work.resolve("radvd.pid").toString())));
    }

    private Path config(String name, String address, String iface, String url, BootAssets assets) throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        Path tftp = Files.createDirectories(dir.resolve("tftp"));
        for (String f : IPXE_FILES) {
            Files.copy(Path.of("/usr/lib/ipxe", f), tftp.resolve(f));
        }
        Path pass = dir.resolve("pg.pass");
        Files.writeString(pass, Postgres.PASSWORD + "\n");
        Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-------"));
        Path config = dir.resolve("bootnode.yaml");
        Files.writeString(config, """
                server: { address: %1$s, interface: %2$s, data-dir: data }
                store:
                  postgres: { url: "%3$s", user: %4$s, password-file: pg.pass }
                dhcp:
                  subnet: %5$s0/24
                  router: %1$s
                  lease-time: 1h
                tftp:
                  root: tftp
                http:
                  port: 8080
                images:
                  compute: { kernel: "%6$s", initrd: "%7$s", cmdline: "console=ttyS0 panic=-1" }
                nodes:
                  node-000: { mac: "%8$s", ip: %5$s10, image: compute }
                """.formatted(address, iface, url, Postgres.USER, net, assets.kernel(), assets.compute(), MAC));
        return config;
    }

    private BackgroundProcess serve(Netns ns, String name, Path config) {
        BackgroundProcess p = BackgroundProcess.start(work.resolve(name + ".log"),
                ns.command(BootAssets.bootnode("serve", "--config", config.toString()).toArray(String[]::new)));
        open.add(p);
        p.awaitOutput(Duration.ofSeconds(90), o -> o.contains("bootnode: ready"), name + " ready");
        return p;
    }

    private QemuNode boot(Netns lab, String bridge, String name) {
        String tap = lab.tap(bridge);
        QemuNode node = QemuNode.start(name, Firmware.IPXE_ROM, work.resolve(name + ".serial.log"),
                lab.command(Firmware.IPXE_ROM.qemu(name, MAC, tap, null).toArray(String[]::new)));
        open.add(node);
        return node;
    }

    private static void awaitBoot(QemuNode node, BackgroundProcess server) {
        while (!node.console().contains(BootAssets.COMPUTE_MARKER)) {
            if (!node.running() || node.elapsed().compareTo(BOOT_LIMIT) > 0) {
                fail(node.name() + ": no \"" + BootAssets.COMPUTE_MARKER + "\" within " + BOOT_LIMIT.toSeconds() + " s\n"
                        + tail(node.console()) + "\n--- serve\n" + tail(server.output()));
            }
            node.awaitExit(Duration.ofMillis(200)); // the poll's bounded pause; returns early if the VM dies
        }
    }

    /** GET /api/nodes from inside {@code ns} until {@code wanted} holds; the last body otherwise fails. */
    private static String api(Netns ns, String address, BackgroundProcess server, Predicate<String> wanted) {
        return api(ns, address, "/api/nodes", server, wanted);
    }

    private static String api(Netns ns, String address, String path, BackgroundProcess server, Predicate<String> wanted) {
        Instant end = Instant.now().plus(API_LIMIT);
        String body = "";
        while (Instant.now().isBefore(end)) {
            // curl's own --max-time paces the loop when the server is slow; a quick answer is re-asked at once.
            // The admin listener: 127.0.0.1:9080 by default, in the head node's own namespace.
            body = ns.run(Duration.ofSeconds(10), "curl", "-sS", "--max-time", "5",
                    "http://127.0.0.1:9080" + path).out();
            if (wanted.test(body)) {
                return body;
            }
            try {
                // The poll's bounded pause; returns at once if the server dies.
                if (server.process().waitFor(500, TimeUnit.MILLISECONDS)) {
                    throw new AssertionError(address + ": serve exited\n" + tail(server.output()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError(path + " of " + address + " not as wanted within " + API_LIMIT + ":\n" + body);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    /** Whether node-000's entry (its latest boot) has {@code text}. */
    private static boolean nodeHas(String json, String text) {
        int at = json.indexOf("\"name\":\"node-000\"");
        int end = json.indexOf("\"unknown\":");
        return at >= 0 && json.substring(at, end < 0 ? json.length() : end).contains(text);
    }

    /** node-000's latest boot was served by this server: its ACK is not marked as another's. */
    private static boolean latestBootIsOwn(String json) {
        int at = json.indexOf("\"name\":\"node-000\"");
        int end = json.indexOf("\"unknown\":");
        String node = at < 0 ? "" : json.substring(at, end < 0 ? json.length() : end);
        int ack = node.indexOf("\"stage\":\"dhcp-ack\"");
        return ack >= 0 && !node.substring(ack, Math.min(node.length(), node.indexOf('}', ack) + 1)).contains("(server ");
    }

    private static String tail(String text) {
        return text.length() <= 6000 ? text : "..." + text.substring(text.length() - 6000);
    }
}
