package org.bootnode.dhcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bootnode.dhcp.DhcpCodec;
import org.bootnode.dhcp.DhcpMessage;
import org.bootnode.dhcp.DhcpMessageType;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.OptionKey;
import org.bootnode.dhcp.internal.Inet4;
import org.bootnode.dhcp.lease.Lease;
import org.bootnode.dhcp.lease.UnknownClients;
import org.bootnode.testkit.BackgroundProcess;
import org.bootnode.testkit.Exec;
import org.bootnode.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile machine on the victim's network (raw packets from {@link RawSend} in the client's
 * namespace) against udhcpc holding a pool lease: DECLINEs for the victim's, a reserved and the
 * server's address, and a DISCOVER with no hardware address and no client identifier. None of
 * them takes anything away: udhcpc's renewal is still ACKed with its address.
 */
class HostileClientIT {
    static final String VICTIM = "02:11:22:33:44:55";
    static final String HOSTILE = "02:66:66:66:66:66";

    @TempDir
    Path tmp;

    @BeforeAll
    static void tools() {
        Tools.requireRootAnd("ip", "busybox");
    }

    static String hex(DhcpMessage m) {
        return HexFormat.of().formatHex(DhcpCodec.encode(m));
    }

    static DhcpMessage.Builder from(String mac, DhcpMessageType type) {
        return DhcpMessage.builder().xid(0x0bad0bad).clientMac(MacAddress.parse(mac)).messageType(type);
    }

    @Test
    void declinesFromAMachineWithoutTheLeaseAndAClientWithoutIdentityTakeNothingAway() throws Exception {
        try (DhcpLab lab = DhcpLab.start("uhx", VICTIM, UnknownClients.POOL)) {
            Path script = tmp.resolve("udhcpc.sh");
            Files.writeString(script, UdhcpcIT.SCRIPT);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            try (BackgroundProcess udhcpc = BackgroundProcess.start(tmp.resolve("udhcpc.log"), lab.net.client.command(
                    "busybox", "udhcpc", "-f", "-t", "5", "-T", "1", "-i", lab.net.link.inside(), "-s", script.toString()))) {
                udhcpc.awaitOutput(Duration.ofSeconds(20), o -> o.contains("EVENT=bound"), "bound");
                String held = lab.net.ip(100);
                assertEquals(lab.net.at(100), lab.server.leaseStore().byMac(MacAddress.parse(VICTIM)).orElseThrow().address());

                List<String> packets = new ArrayList<>();
                for (String address : List.of(held, lab.net.ip(10), lab.net.ip(1))) {
                    packets.add(hex(from(HOSTILE, DhcpMessageType.DECLINE).option(OptionKey.REQUESTED_ADDRESS, Inet4.parse(address))
                            .option(OptionKey.SERVER_ID, lab.net.server).build()));
                }
                packets.add(hex(from(HOSTILE, DhcpMessageType.DISCOVER).hlen(0).chaddr(new byte[16]).build()));
                String java = ProcessHandle.current().info().command().orElse("java");
                List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                        RawSend.class.getName(), lab.net.ip(1), "67"));
                cmd.addAll(packets);
                Exec.Result sent = lab.net.client.run(Duration.ofSeconds(30), cmd.toArray(String[]::new)).ok();
                assertTrue(sent.out().contains("SENT 4"), sent.describe());

                lab.events.await(e -> e.equals("ignored 00 NoClientIdentity"), 10); // the last packet: the others came first
                assertEquals(3, lab.events.events().stream().filter(e -> e.equals("ignored " + HOSTILE + " NotLeaseHolder")).count(),
                        lab.events.events().toString());
                assertTrue(lab.events.events().stream().noneMatch(e -> e.startsWith("decline ") || e.startsWith("offer 00")),
                        lab.events.events().toString());
                Lease lease = lab.server.leaseStore().byAddress(lab.net.at(100)).orElseThrow();
                assertEquals(Lease.State.BOUND, lease.state());
                assertEquals(MacAddress.parse(VICTIM), lease.mac());

                lab.events.clear();
                Exec.ok(Duration.ofSeconds(5), "kill", "-USR1", Long.toString(udhcpc.process().pid()));
                udhcpc.awaitOutput(Duration.ofSeconds(20), o -> o.contains("EVENT=renew ip=" + held + " "), "renew with " + held);
                assertTrue(lab.events.events().stream().noneMatch(e -> e.startsWith("nak ")), lab.events.events().toString());
            }
        }
    }
}
