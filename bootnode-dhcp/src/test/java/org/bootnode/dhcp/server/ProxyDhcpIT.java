package org.bootnode.dhcp.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bootnode.dhcp.pxe.DefaultBootPolicy;
import org.bootnode.testkit.Exec;
import org.bootnode.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * proxyDHCP (PXE 2.1, as dnsmasq and Pixiecore do it) in a network namespace made by the test:
 * the client already has an address from the site's server; bootnode answers a PXE client's
 * DISCOVER on port 67 with boot information and no address, and its REQUEST to port 4011 (unicast,
 * what UEFI firmware sends) with an ACK holding the boot file. The 4011 request is sent by
 * {@link PxeProbe} with a plain socket inside the namespace (no installed tool sends one); its
 * answer is read here byte by byte, not with the module's own decoder.
 */
class ProxyDhcpIT {
    static final String MAC = "02:42:ac:11:40:11";

    @TempDir
    Path tmp;

    static DhcpServer proxyServer(TestNet net, DhcpListener listener) {
        DhcpServerConfig config = DhcpServerConfig.builder()
                .serverAddress(net.server)
                .interfaceName(net.link.outside())
                .subnet(net.subnet)
                .proxy(true)
                .build();
        return DhcpServer.builder(config)
                .bootPolicy(DefaultBootPolicy.builder().nextServer(net.server)
                        .scriptUrl(mac -> "http://" + net.ip(1) + ":8080/boot/" + mac + ".ipxe").build())
                .listener(listener)
                .build();
    }

    /** Runs {@link PxeProbe} inside the client namespace with this JVM and this test's class path. */
    static Exec.Result probe(TestNet net, int port, String clientIp, String... extra) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                PxeProbe.class.getName(), net.ip(1), Integer.toString(port), clientIp, MAC, "3000"));
        cmd.addAll(List.of(extra));
        return net.client.run(Duration.ofSeconds(30), cmd.toArray(String[]::new)).ok();
    }

    static byte[] line(Exec.Result r, String prefix) {
        return r.out().lines().filter(l -> l.startsWith(prefix + " ")).findFirst()
                .map(l -> HexFormat.of().parseHex(l.substring(prefix.length() + 1)))
                .orElseThrow(() -> new AssertionError("no " + prefix + ": " + r.describe()));
    }

    /** The options of a DHCP packet, read from byte 240 on; repeated codes are joined (RFC 3396). */
    static Map<Integer, byte[]> options(byte[] p) {
        Map<Integer, ByteArrayOutputStream> joined = new TreeMap<>();
        int i = 240;
        while (i < p.length && (p[i] & 0xff) != 255) {
            int code = p[i] & 0xff;
            if (code == 0) {
                i++;
                continue;
            }
            int len = p[i + 1] & 0xff;
            assertTrue(i + 2 + len <= p.length, "option " + code + " at " + i + " runs past the end");
            joined.computeIfAbsent(code, c -> new ByteArrayOutputStream()).write(p, i + 2, len);
            i += 2 + len;
        }
        assertTrue(i < p.length, "no end option");
        Map<Integer, byte[]> out = new TreeMap<>();
        joined.forEach((c, b) -> out.put(c, b.toByteArray()));
        return out;
    }

    static byte[] ip(String dotted) {
        byte[] b = new byte[4];
        String[] parts = dotted.split("\\.");
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) Integer.parseInt(parts[i]);
        }
        return b;
    }

    static String cString(byte[] p, int from, int size) {
        int n = 0;
        while (n < size && p[from + n] != 0) {
            n++;
        }
        return new String(p, from, n, StandardCharsets.US_ASCII);
    }

    @Test
    void pxeRequestToPort4011IsAnsweredWithTheBootFile() throws Exception {
        Tools.requireRootAnd("ip");
        try (DhcpLab lab = DhcpLab.start("pxy", MAC, ProxyDhcpIT::proxyServer)) {
            String clientIp = lab.net.ip(50); // given by the site's DHCP server
            lab.net.client.ip("addr", "add", clientIp + "/24", "dev", lab.net.link.inside());

            Exec.Result r = probe(lab.net, 4011, clientIp);
            byte[] request = line(r, "REQUEST");
            byte[] reply = line(r, "REPLY");
            assertTrue(r.out().contains("FROM " + lab.net.ip(1) + ":4011"), "answered from the boot server port: " + r.out());
            assertTrue(reply.length >= 300, "padded to the BOOTP minimum: " + reply.length);
            assertEquals(2, reply[0], "op BOOTREPLY");
            assertArrayEquals(Arrays.copyOfRange(request, 4, 8), Arrays.copyOfRange(reply, 4, 8), "xid");
            assertArrayEquals(new byte[4], Arrays.copyOfRange(reply, 16, 20), "yiaddr 0: a proxy gives no address");
            assertArrayEquals(ip(lab.net.ip(1)), Arrays.copyOfRange(reply, 20, 24), "siaddr: the TFTP server");
            assertArrayEquals(HexFormat.ofDelimiter(":").parseHex(MAC), Arrays.copyOfRange(reply, 28, 34), "chaddr");
            assertEquals("ipxe.efi", cString(reply, 108, 128), "file: x86-64 UEFI (option 93 = 7)");
            assertArrayEquals(new byte[] {99, (byte) 130, 83, 99}, Arrays.copyOfRange(reply, 236, 240), "magic cookie");
            Map<Integer, byte[]> o = options(reply);
            assertArrayEquals(new byte[] {5}, o.get(53), "DHCPACK");
            assertArrayEquals(ip(lab.net.ip(1)), o.get(54), "server id");
            assertEquals("PXEClient", new String(o.get(60), StandardCharsets.US_ASCII));
            assertEquals("ipxe.efi", new String(o.get(67), StandardCharsets.US_ASCII));
            assertArrayEquals(new byte[] {6, 1, 8}, Arrays.copyOfRange(o.get(43), 0, 3), "43: discovery control 8, boot this file");
            assertArrayEquals(options(request).get(97), o.get(97), "the GUID echoed");
            assertFalse(o.containsKey(51), "no lease time from a proxy");
            assertFalse(o.containsKey(1), "no subnet mask from a proxy");
            lab.events.await(e -> e.equals("ack " + MAC + " 0.0.0.0"), 5);

            // a client that is not PXE-booting gets nothing on 4011
            Exec.Result plain = probe(lab.net, 4011, clientIp, "plain");
            assertTrue(plain.out().contains("TIMEOUT"), plain.describe());
        }
    }

    @Test
    void pxeDiscoverOnPort67GetsAProxyOfferWithNoAddressAndOthersNone() throws Exception {
        Tools.requireRootAnd("ip", "busybox");
        try (DhcpLab lab = DhcpLab.start("pxo", MAC, ProxyDhcpIT::proxyServer)) {
            // busybox udhcpc as a BIOS PXE client: it sees the offer and asks for 0.0.0.0, which a proxy never ACKs.
            Exec.Result pxe = lab.net.client.run(Duration.ofSeconds(20), "busybox", "udhcpc", "-f", "-n", "-t", "2", "-T", "1",
                    "-V", "PXEClient:Arch:00000:UNDI:002001", "-i", lab.net.link.inside(), "-s", "/bin/true");
            assertNotEquals(0, pxe.exitCode(), pxe.describe());
            assertTrue(pxe.err().contains("select for 0.0.0.0, server " + lab.net.ip(1)) || pxe.out().contains("select for 0.0.0.0, server " + lab.net.ip(1)),
                    "the proxy offer (yiaddr 0) reached udhcpc: " + pxe.describe());
            lab.events.await(e -> e.equals("offer " + MAC + " 0.0.0.0"), 5);
            lab.events.await(e -> e.equals("ignored " + MAC + " NotForProxy"), 5); // its REQUEST on port 67
            assertTrue(lab.events.events().stream().noneMatch(e -> e.startsWith("ack")), lab.events.events().toString());

            // the same client without the PXE vendor class is left to the site's server
            lab.events.clear();
            Exec.Result plain = lab.net.client.run(Duration.ofSeconds(20), "busybox", "udhcpc", "-f", "-n", "-t", "2", "-T", "1",
                    "-i", lab.net.link.inside(), "-s", "/bin/true");
            assertNotEquals(0, plain.exitCode(), plain.describe());
            assertFalse((plain.out() + plain.err()).contains("select for"), plain.describe());
            lab.events.await(e -> e.equals("ignored " + MAC + " NotForProxy"), 5);
            assertTrue(lab.events.events().stream().noneMatch(e -> e.startsWith("offer")), lab.events.events().toString());
        }
    }
}
