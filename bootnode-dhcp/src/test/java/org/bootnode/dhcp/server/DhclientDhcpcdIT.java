package org.bootnode.dhcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.lease.UnknownClients;
import org.bootnode.testkit.BackgroundProcess;
import org.bootnode.testkit.Exec;
import org.bootnode.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ISC dhclient and dhcpcd against the server, in network namespaces made by the test. */
class DhclientDhcpcdIT {
    static final String MAC = UdhcpcIT.MAC;

    @TempDir
    Path tmp;

    /**
     * The hook script, written into {@code dir}: appends the client's variables to {@code log},
     * one "KEY=VALUE" per line, then "END reason".
     */
    static Path hookIn(Path dir, Path log) throws IOException {
        Path s = dir.resolve("hook.sh");
        Files.writeString(s, """
                #!/bin/sh
                env | grep -E '^(new_|old_)' | sort >> %s
                case "$reason" in
                  BOUND|REBOOT) ip addr add "$new_ip_address/24" dev "$interface" 2>/dev/null ;;
                esac
                echo "END $reason" >> %s
                exit 0
                """.formatted(log, log));
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        return s;
    }

    /** Starts dhcpcd (IPv4, in the foreground) in the client's namespace with {@code conf}, the hook, and its log in {@code dir}. */
    static BackgroundProcess dhcpcd(TestNet net, Path dir, String conf) throws IOException {
        Path log = dir.resolve("dhcpcd.log");
        Path file = dir.resolve("dhcpcd.conf");
        Files.writeString(file, conf);
        return BackgroundProcess.start(log, net.client.command(
                "dhcpcd", "-4", "-B", "-d", "-f", file.toString(), "-c", hookIn(dir, log).toString(), net.link.inside()));
    }

    /**
     * Starts dhclient (IPv4, in the foreground) in the client's namespace; see {@link #dhclientArgs}.
     */
    static BackgroundProcess dhclient(TestNet net, Path dir, String... options) throws IOException {
        return BackgroundProcess.start(dir.resolve("dhclient.log"), net.client.command(dhclientArgs(net, dir, options)));
    }

    /**
     * A dhclient command line (IPv4, in the foreground) with the hook, its log,
     * {@link #DHCLIENT_LEASES} and {@link #DHCLIENT_PID} in {@code dir}; {@code options} go
     * before the interface.
     */
    static String[] dhclientArgs(TestNet net, Path dir, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("dhclient", "-d", "-v", "-4"));
        args.addAll(List.of(options));
        args.addAll(List.of("-sf", hookIn(dir, dir.resolve("dhclient.log")).toString(),
                "-lf", dir.resolve(DHCLIENT_LEASES).toString(), "-pf", dir.resolve(DHCLIENT_PID).toString(),
                net.link.inside()));
        return args.toArray(String[]::new);
    }

    static final String DHCLIENT_LEASES = "dhclient.leases";
    static final String DHCLIENT_PID = "dhclient.pid";

    /** What the client's hook logged up to its BOUND report. */
    static String bound(BackgroundProcess client) {
        return client.awaitOutput(Duration.ofSeconds(40), o -> o.contains("END BOUND"), "client bound");
    }

    static Map<String, String> vars(String text, String reason) {
        Map<String, String> out = new TreeMap<>();
        Map<String, String> block = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("END ")) {
                if (line.equals("END " + reason)) {
                    out = block;
                }
                block = new TreeMap<>();
            } else if (line.contains("=")) {
                block.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return out;
    }

    @Test
    void dhclientGetsTheReservationAndReleasesIt() throws Exception {
        Tools.requireRootAnd("ip", "dhclient");
        try (DhcpLab lab = DhcpLab.start("dhc", MAC, UnknownClients.IGNORE)) {
            try (BackgroundProcess dhclient = dhclient(lab.net, tmp)) {
                Map<String, String> v = vars(bound(dhclient), "BOUND");
                assertEquals(lab.net.ip(10), v.get("new_ip_address"), v.toString());
                assertEquals("255.255.255.0", v.get("new_subnet_mask"));
                assertEquals(lab.net.ip(1), v.get("new_routers"));
                assertEquals(lab.net.ip(1), v.get("new_domain_name_servers"));
                assertEquals("node-000", v.get("new_host_name"));
                assertEquals("cluster.local", v.get("new_domain_name"));
                assertEquals("undionly.kpxe", v.get("new_filename"));
                assertEquals(lab.net.ip(1), v.get("new_next_server"));
                assertEquals("600", v.get("new_dhcp_lease_time"));
            }
            lab.events.await(e -> e.equals("ack " + MAC + " " + lab.net.ip(10)), 5);
            Exec.Result release = lab.net.client.run(Duration.ofSeconds(20), dhclientArgs(lab.net, tmp, "-r"));
            release.ok();
            lab.events.await(e -> e.equals("release " + MAC + " " + lab.net.ip(10)), 10);
            assertTrue(lab.server.leaseStore().byMac(MacAddress.parse(MAC)).isEmpty());
        }
    }

    @Test
    void dhclientAskingForAWrongAddressIsNakedThenGetsTheRightOne() throws Exception {
        Tools.requireRootAnd("ip", "dhclient");
        try (DhcpLab lab = DhcpLab.start("dhn", MAC, UnknownClients.IGNORE)) {
            Path leases = tmp.resolve(DHCLIENT_LEASES);
            // A remembered lease on a wrong address: dhclient starts in INIT-REBOOT (RFC 2131 §3.2).
            Files.writeString(leases, """
                    lease {
                      interface "%s";
                      fixed-address %s;
                      option subnet-mask 255.255.255.0;
                      option dhcp-lease-time 600;
                      option dhcp-server-identifier %s;
                      renew 4 2037/01/01 00:00:00;
                      rebind 4 2037/01/01 00:00:00;
                      expire 4 2037/01/01 00:00:00;
                    }
                    """.formatted(lab.net.link.inside(), lab.net.ip(99), lab.net.ip(1)));
            try (BackgroundProcess dhclient = dhclient(lab.net, tmp)) {
                String text = bound(dhclient);
                assertTrue(text.contains("DHCPNAK from " + lab.net.ip(1)), text);
                assertEquals(lab.net.ip(10), vars(text, "BOUND").get("new_ip_address"));
            }
            lab.events.await(e -> e.equals("nak " + MAC + " " + lab.net.ip(99)), 5);
            lab.events.await(e -> e.equals("ack " + MAC + " " + lab.net.ip(10)), 5);
        }
    }

    @Test
    void dhcpcdGetsTheReservationAndOptions() throws Exception {
        Tools.requireRootAnd("ip", "dhcpcd");
        try (DhcpLab lab = DhcpLab.start("dcd", MAC, UnknownClients.IGNORE)) {
            try (BackgroundProcess dhcpcd = dhcpcd(lab.net, tmp, """
                    noarp
                    noipv4ll
                    nohook resolv.conf, timesyncd, hostname, ntp
                    option subnet_mask, routers, domain_name_servers, host_name, domain_name, bootfile_name
                    """)) {
                Map<String, String> v = vars(bound(dhcpcd), "BOUND");
                assertEquals(lab.net.ip(10), v.get("new_ip_address"), v.toString());
                assertEquals("255.255.255.0", v.get("new_subnet_mask"));
                assertEquals(lab.net.ip(1), v.get("new_routers"));
                assertEquals(lab.net.ip(1), v.get("new_domain_name_servers"));
                assertEquals("node-000", v.get("new_host_name"));
                assertEquals("undionly.kpxe", v.get("new_bootfile_name"));
            }
            lab.events.await(e -> e.equals("ack " + MAC + " " + lab.net.ip(10)), 5);
        }
    }
}
