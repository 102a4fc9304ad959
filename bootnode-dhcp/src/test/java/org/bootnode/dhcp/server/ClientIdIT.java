package org.bootnode.dhcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.bootnode.dhcp.ClientId;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.internal.Inet4;
import org.bootnode.dhcp.lease.Lease;
import org.bootnode.dhcp.lease.UnknownClients;
import org.bootnode.testkit.BackgroundProcess;
import org.bootnode.testkit.Exec;
import org.bootnode.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client identifiers (option 61, RFC 2131 §4.2) from real clients: udhcpc with {@code -x 0x3d:...},
 * dhcpcd's DUID-based identifier (RFC 4361), dhclient's {@code send dhcp-client-identifier}. Pool
 * mode, in network namespaces made by the test. Each client also accepts the echoed option 61
 * (RFC 6842), or it would not bind.
 */
class ClientIdIT {
    static final String VM = "02:42:ac:11:00:07";

    @TempDir
    Path tmp;

    Path script() throws IOException {
        Path s = tmp.resolve("udhcpc.sh");
        Files.writeString(s, UdhcpcIT.SCRIPT);
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        return s;
    }

    /** One udhcpc run that sends {@code clientIdHex} as option 61; the address it bound. */
    String udhcpc(TestNet net, String clientIdHex) throws IOException {
        Exec.Result r = net.client.run(Duration.ofSeconds(20), "busybox", "udhcpc", "-f", "-q", "-n", "-t", "3", "-T", "1",
                "-x", "0x3d:" + clientIdHex, "-i", net.link.inside(), "-s", script().toString()).ok();
        String bound = r.out().lines().filter(l -> l.startsWith("EVENT=bound")).findFirst()
                .orElseThrow(() -> new AssertionError(r.describe()));
        return bound.substring(bound.indexOf(" ip=") + 4, bound.indexOf(' ', bound.indexOf(" ip=") + 4));
    }

    static ClientId hexId(String hex) {
        return ClientId.of(HexFormat.of().parseHex(hex));
    }

    @Test
    void udhcpcWithTheSameMacAndDifferentClientIdsGetsDifferentAddresses() throws Exception {
        Tools.requireRootAnd("ip", "busybox");
        try (DhcpLab lab = DhcpLab.start("cia", VM, UnknownClients.POOL)) {
            String first = udhcpc(lab.net, "ff0000000100010001");
            String second = udhcpc(lab.net, "ff0000000200010001");
            assertNotEquals(first, second, "two clients behind one chaddr");
            MacAddress mac = MacAddress.parse(VM);
            assertEquals(first, lab.server.leaseStore().byClient(mac, hexId("ff0000000100010001")).orElseThrow().address().getHostAddress());
            assertEquals(second, lab.server.leaseStore().byClient(mac, hexId("ff0000000200010001")).orElseThrow().address().getHostAddress());
            assertEquals(first, udhcpc(lab.net, "ff0000000100010001"), "each keeps its own");
        }
    }

    @Test
    void udhcpcWithTheSameClientIdOnANewMacKeepsItsAddress() throws Exception {
        Tools.requireRootAnd("ip", "busybox");
        try (DhcpLab lab = DhcpLab.start("cib", VM, UnknownClients.POOL)) {
            String before = udhcpc(lab.net, "ff00000001000100aa");
            lab.net.clientMac("02:42:ac:11:00:08"); // a new NIC, the same machine
            String after = udhcpc(lab.net, "ff00000001000100aa");
            assertEquals(before, after);
            Lease l = lab.server.leaseStore().byClient(MacAddress.parse("02:42:ac:11:00:08"), hexId("ff00000001000100aa")).orElseThrow();
            assertEquals(MacAddress.parse("02:42:ac:11:00:08"), l.mac(), "the lease follows the new chaddr");
            assertEquals(1, lab.server.leaseStore().all().size(), lab.server.leaseStore().all().toString());
        }
    }

    @Test
    void dhcpcdSendsItsDuidAsClientIdAndTheLeaseIsKeptByIt() throws Exception {
        Tools.requireRootAnd("ip", "dhcpcd");
        try (DhcpLab lab = DhcpLab.start("cic", VM, UnknownClients.POOL)) {
            try (BackgroundProcess dhcpcd = DhclientDhcpcdIT.dhcpcd(lab.net, tmp, """
                    duid
                    noarp
                    noipv4ll
                    nohook resolv.conf, timesyncd, hostname, ntp
                    """)) {
                String text = DhclientDhcpcdIT.bound(dhcpcd);
                Map<String, String> v = DhclientDhcpcdIT.vars(text, "BOUND");
                String address = v.get("new_ip_address");
                assertNotNull(address, text);
                Lease l = lab.server.leaseStore().byAddress(Inet4.parse(address)).orElseThrow();
                assertNotNull(l.clientId(), "dhcpcd sends option 61");
                assertEquals((byte) 0xff, l.clientId().bytes()[0], "RFC 4361: type 255, IAID, DUID: " + l.clientId());
                assertEquals(MacAddress.parse(VM), l.mac());
            }
        }
    }

    @Test
    void dhclientSendsTheConfiguredClientId() throws Exception {
        Tools.requireRootAnd("ip", "dhclient");
        try (DhcpLab lab = DhcpLab.start("cid", VM, UnknownClients.POOL)) {
            Path conf = tmp.resolve("dhclient.conf");
            Files.writeString(conf, "send dhcp-client-identifier ff:00:00:00:07:00:02:00:00:ab:11:22;\n");
            try (BackgroundProcess dhclient = DhclientDhcpcdIT.dhclient(lab.net, tmp, "-cf", conf.toString())) {
                String address = DhclientDhcpcdIT.vars(DhclientDhcpcdIT.bound(dhclient), "BOUND").get("new_ip_address");
                Lease l = lab.server.leaseStore().byClient(MacAddress.parse(VM), ClientId.parse("ff:00:00:00:07:00:02:00:00:ab:11:22"))
                        .orElseThrow(() -> new AssertionError(lab.server.leaseStore().all().toString()));
                assertEquals(address, l.address().getHostAddress());
            }
        }
    }
}
