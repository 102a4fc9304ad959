package org.bootnode.storm;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code storm run}'s options, read into a {@link StormConfig}. Every option has a default that
 * fits run.sh's network ({@link StormNetwork}).
 *
 * <pre>
 * --nodes N          simulated nodes (1000)
 * --spread S         all power on within S seconds (5)
 * --seed N           seeds the power-on times (1)
 * --efi-every K      every K-th node is UEFI (arch 7), the others BIOS (arch 0); 0 for none (2)
 * --server ADDR      the DHCP server (10.0.0.1)     --server-port P (67)
 * --relay ADDR       the relay's address, giaddr (10.0.0.2)    --relay-port P (67)
 * --threads T        the generator's event loops (2)
 * --limit S          give the storm up after S seconds (600)
 * --pxe-waits LIST   the firmware's DHCP waits in seconds (4,8,16,32)
 * --ipxe-waits LIST  iPXE's DHCP waits in seconds (1,2,4,8)
 * --tftp-timeout MS  TFTP retransmission timeout (1000)   --tftp-retries N (6)
 * --attempts N       attempts per TFTP or HTTP fetch (3)   --retry-wait S (5)
 * --boot-delay S     from the initrd's last byte to the booted report, the kernel starting (0)
 * --pid PID          a server process to measure (repeatable; its children count too)
 * --label NAME       names the server in the report (server)
 * --out FILE         the summary as key=value lines     --nodes-out FILE   one line per node
 * --restart-mark FILE  killed=MS and started=MS (epoch milliseconds): the server was killed and started
 *                    again during the storm; the report shows how soon it answered DHCP and HTTP
 * </pre>
 */
final class StormCommand {
    private StormCommand() {}

    static StormConfig parse(String[] args) {
        int nodes = 1000;
        double spread = 5;
        long seed = 1;
        int efiEvery = 2;
        Inet4Address server = StormNetwork.SERVER;
        int serverPort = 67;
        Inet4Address relay = StormNetwork.RELAY;
        int relayPort = 67;
        int threads = 2;
        double limit = 600;
        List<Duration> pxeWaits = seconds("4,8,16,32");
        List<Duration> ipxeWaits = seconds("1,2,4,8");
        int tftpTimeout = 1000;
        int tftpRetries = 6;
        int attempts = 3;
        double retryWait = 5;
        double bootDelay = 0;
        List<Long> pids = new ArrayList<>();
        String label = "server";
        Path out = null;
        Path nodesOut = null;
        Path restartMark = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + ": a value is missing");
            }
            String v = args[++i];
            switch (a) {
                case "--nodes" -> nodes = Integer.parseInt(v);
                case "--spread" -> spread = Double.parseDouble(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--efi-every" -> efiEvery = Integer.parseInt(v);
                case "--server" -> server = inet4(v);
                case "--server-port" -> serverPort = Integer.parseInt(v);
                case "--relay" -> relay = inet4(v);
                case "--relay-port" -> relayPort = Integer.parseInt(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--limit" -> limit = Double.parseDouble(v);
                case "--pxe-waits" -> pxeWaits = seconds(v);
                case "--ipxe-waits" -> ipxeWaits = seconds(v);
                case "--tftp-timeout" -> tftpTimeout = Integer.parseInt(v);
                case "--tftp-retries" -> tftpRetries = Integer.parseInt(v);
                case "--attempts" -> attempts = Integer.parseInt(v);
                case "--retry-wait" -> retryWait = Double.parseDouble(v);
                case "--boot-delay" -> bootDelay = Double.parseDouble(v);
                case "--pid" -> pids.add(Long.parseLong(v));
                case "--label" -> label = v;
                case "--out" -> out = Path.of(v);
                case "--nodes-out" -> nodesOut = Path.of(v);
                case "--restart-mark" -> restartMark = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (bootDelay < 0 || bootDelay > 600) {
            throw new IllegalArgumentException("boot-delay: " + bootDelay + " (expected: 0..600 seconds)");
        }
        if (spread < 0 || spread > 3600) {
            throw new IllegalArgumentException("spread: " + spread + " (expected: 0..3600 seconds)");
        }
        return new StormConfig(nodes, millis(spread), seed, SimulatedNode.DEFAULT_MAC_BASE, efiEvery, server, serverPort,
                relay, relayPort, threads, millis(limit), pxeWaits, ipxeWaits, Duration.ofMillis(tftpTimeout), tftpRetries,
                attempts, millis(retryWait), millis(bootDelay), pids, label, out, nodesOut, restartMark);
    }

    private static Duration millis(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private static List<Duration> seconds(String list) {
        List<Duration> out = new ArrayList<>();
        for (String s : list.split(",")) {
            double d = Double.parseDouble(s.trim());
            if (d <= 0 || d > 300) {
                throw new IllegalArgumentException("wait: " + s + " (expected: 0..300 seconds)");
            }
            out.add(millis(d));
        }
        return out;
    }

    static Inet4Address inet4(String text) {
        if (!text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("address: " + text + " (expected: an IPv4 address)");
        }
        try {
            return (Inet4Address) InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address: " + text, e);
        }
    }
}
