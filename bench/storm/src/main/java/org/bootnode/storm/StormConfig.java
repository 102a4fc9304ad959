package org.bootnode.storm;

import java.net.Inet4Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One storm: how many nodes, how their power-on is spread, where the relay and the server are,
 * and the firmware's patience. Immutable; {@link StormCommand} reads it from the command line.
 *
 * @param nodes       simulated nodes, 1..30000 (their addresses must fit the generated subnet)
 * @param spread      every node powers on within this time of the first, uniformly at random
 * @param seed        seeds the power-on times
 * @param macBase     the MAC before the first node's
 * @param efiEvery    every efiEvery-th node is UEFI x86-64 (option 93 = 7), the others BIOS; 0 for none
 * @param server      where the relay sends (the DHCP server's address, port 67 normally)
 * @param serverPort  the DHCP server's port
 * @param relay       the relay's own address: giaddr, and where the server answers
 * @param relayPort   the relay's port (67: replies to a relay go to port 67)
 * @param threads     the generator's event loops
 * @param limit       the whole storm is given up after this long
 * @param pxeDhcpWaits  waits after each try of the firmware's DHCP (PXE 2.1 §2.2.1: 4, 8, 16, 32 s)
 * @param ipxeDhcpWaits waits after each try of iPXE's DHCP (about 1, 2, 4, 8 s)
 * @param tftpTimeout TFTP retransmission timeout
 * @param tftpRetries TFTP resends before a transfer fails
 * @param attempts    attempts of each TFTP and HTTP fetch (bootnode's script: 3)
 * @param retryWait   wait between attempts (bootnode's script: 5 s)
 * @param bootDelay   from the initrd's last byte to the booted report: the kernel and init starting
 * @param pids        server processes whose CPU and memory the report shows (with their children)
 * @param label       names the server in the report
 * @param out         where to write the summary as properties, or null
 * @param nodesOut    where to write one line per node, or null
 * @param restartMark where run.sh notes when it killed and started the server again (a restart storm), or null
 */
record StormConfig(int nodes, Duration spread, long seed, long macBase, int efiEvery,
                   Inet4Address server, int serverPort, Inet4Address relay, int relayPort,
                   int threads, Duration limit, List<Duration> pxeDhcpWaits, List<Duration> ipxeDhcpWaits,
                   Duration tftpTimeout, int tftpRetries, int attempts, Duration retryWait, Duration bootDelay,
                   List<Long> pids, String label, Path out, Path nodesOut, Path restartMark) {
    static final int MAX_NODES = 30_000;

    StormConfig {
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("nodes: " + nodes + " (expected: 1.." + MAX_NODES + ")");
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: 1..64)");
        }
        if (attempts < 1 || attempts > 10) {
            throw new IllegalArgumentException("attempts: " + attempts + " (expected: 1..10)");
        }
        if (pxeDhcpWaits.isEmpty() || ipxeDhcpWaits.isEmpty() || pxeDhcpWaits.size() > 10 || ipxeDhcpWaits.size() > 10) {
            throw new IllegalArgumentException("DHCP waits: 1..10 each");
        }
        pxeDhcpWaits = List.copyOf(pxeDhcpWaits);
        ipxeDhcpWaits = List.copyOf(ipxeDhcpWaits);
        pids = List.copyOf(pids);
    }

    /** The node with number {@code index}. */
    SimulatedNode node(int index) {
        return SimulatedNode.of(index, macBase, efiEvery);
    }
}
