package org.bootnode.dhcp.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.internal.Inet4;
import org.bootnode.dhcp.lease.Reservation;
import org.bootnode.dhcp.lease.Subnet;
import org.bootnode.dhcp.pxe.DefaultBootPolicy;
import org.bootnode.testkit.BackgroundProcess;
import org.bootnode.testkit.Netns;
import org.bootnode.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real iPXE (qemu's e1000 option ROM, which is iPXE) against the server, as the address server
 * and as proxyDHCP beside dnsmasq: iPXE must accept the replies and print the script URL as its
 * file name. Stops as soon as it does (the HTTP fetch that follows fails: no HTTP server here).
 */
class FirmwareIT {
    static final String MAC = "fc:ab:14:e8:66:01";
    /** A whole line: the serial console may hand over half of one. */
    static final Pattern FILE_NAME_LINE = Pattern.compile("Filename: \\S+\\.ipxe\\s");

    @TempDir
    Path tmp;

    /** A namespace with a bridge and a tap for qemu, the server's veth from the test's namespace on the bridge. */
    record Lan(Netns ns, String bridge, String tap, Netns.Link server, String base) implements AutoCloseable {
        static Lan create() {
            String base = "10." + (128 + (int) (Math.random() * 127)) + "." + (int) (Math.random() * 256) + ".";
            Netns ns = Netns.create("fw");
            try {
                String bridge = ns.bridge(null);
                String tap = ns.tap(bridge);
                Netns.Link server = ns.vethToHost(base + "1/24", null);
                ns.ip("link", "set", server.inside(), "master", bridge);
                return new Lan(ns, bridge, tap, server, base);
            } catch (RuntimeException | AssertionError e) {
                ns.close();
                throw e;
            }
        }

        @Override
        public void close() {
            ns.close();
        }
    }

    DhcpServer server(Lan lan, boolean proxy) {
        DhcpServerConfig config = DhcpServerConfig.builder()
                .serverAddress(Inet4.parse(lan.base() + "1"))
                .interfaceName(lan.server().outside())
                .subnet(Subnet.parse(lan.base() + "0/24"))
                .router(Inet4.parse(lan.base() + "1"))
                .proxy(proxy)
                .build();
        return DhcpServer.builder(config)
                .reservations(List.of(new Reservation(MacAddress.parse(MAC), Inet4.parse(lan.base() + "10"), "node-000")))
                .bootPolicy(DefaultBootPolicy.builder().nextServer(Inet4.parse(lan.base() + "1"))
                        .scriptUrl(mac -> "http://" + lan.base() + "1:8080/boot/" + mac + ".ipxe").build())
                .build();
    }

    BackgroundProcess qemu(Lan lan, String log) {
        return BackgroundProcess.start(tmp.resolve(log), lan.ns().command(
                "qemu-system-x86_64", "-nographic", "-m", "128", "-no-reboot", "-boot", "n",
                "-netdev", "tap,id=n0,ifname=" + lan.tap() + ",script=no,downscript=no",
                "-device", "e1000,netdev=n0,mac=" + MAC));
    }

    @Test
    void iPxeRomTakesTheReservedAddressAndTheScriptUrl() throws Exception {
        Tools.requireRootAnd("ip", "qemu-system-x86_64");
        try (Lan lan = Lan.create(); DhcpServer server = server(lan, false).start(); BackgroundProcess vm = qemu(lan, "qemu.log")) {
            String out = vm.awaitOutput(Duration.ofSeconds(90), FILE_NAME_LINE.asPredicate(), "iPXE file name");
            assertTrue(out.contains("net0: " + lan.base() + "10/255.255.255.0 gw " + lan.base() + "1"), out);
            assertTrue(out.contains("Filename: http://" + lan.base() + "1:8080/boot/" + MAC + ".ipxe"), out);
        }
    }

    @Test
    void iPxeRomTakesTheScriptUrlFromProxyDhcpBesideDnsmasq() throws Exception {
        Tools.requireRootAnd("ip", "qemu-system-x86_64", "dnsmasq");
        try (Lan lan = Lan.create(); Netns site = Netns.create("fwd")) {
            Netns.Link link = site.vethFrom(lan.ns(), null, lan.base() + "2/24");
            lan.ns().ip("link", "set", link.outside(), "master", lan.bridge());
            try (BackgroundProcess dnsmasq = BackgroundProcess.start(tmp.resolve("dnsmasq.log"), site.command(
                    "dnsmasq", "-d", "-k", "-p", "0", "-i", link.inside(), "--bind-interfaces",
                    "--dhcp-range=" + lan.base() + "100," + lan.base() + "150,1h",
                    "--dhcp-leasefile=" + tmp.resolve("dnsmasq.leases"), "--pid-file=" + tmp.resolve("dnsmasq.pid")));
                 DhcpServer server = server(lan, true).start();
                 BackgroundProcess vm = qemu(lan, "qemu.log")) {
                String out = vm.awaitOutput(Duration.ofSeconds(90), FILE_NAME_LINE.asPredicate(), "iPXE file name");
                assertTrue(out.matches("(?s).*net0: " + lan.base().replace(".", "\\.") + "1[0-5]\\d/255\\.255\\.255\\.0.*"),
                        "address from dnsmasq's range: " + out);
                assertTrue(out.contains("Filename: http://" + lan.base() + "1:8080/boot/" + MAC + ".ipxe"), out);
                assertTrue(dnsmasq.output().contains("DHCPACK"), dnsmasq.output());
            }
        }
    }
}
