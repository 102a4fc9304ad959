package org.bootnode.server.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bootnode.dhcp.DhcpCodec;
import org.bootnode.dhcp.DhcpDecodeException;
import org.bootnode.dhcp.DhcpMessage;
import org.bootnode.dhcp.DhcpMessageType;
import org.bootnode.dhcp.DhcpOp;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.OptionKey;
import org.bootnode.testkit.BackgroundProcess;
import org.bootnode.testkit.Netns;

/**
 * The DHCP replies on one interface of a test's namespace, captured by tcpdump into a pcap file
 * and read back with bootnode-dhcp's codec: what was really ACKed, to whom, by which server.
 */
final class AckCapture implements AutoCloseable {
    /** One ACK seen on the wire. */
    record Ack(Instant time, MacAddress mac, Inet4Address address, Inet4Address server) { }

    private final Path file;
    private final BackgroundProcess tcpdump;

    private AckCapture(Path file, BackgroundProcess tcpdump) {
        this.file = file;
        this.tcpdump = tcpdump;
    }

    /** Starts tcpdump on {@code iface} in {@code ns}, writing every packet to or from UDP port 67 to a file in {@code dir}. */
    static AckCapture start(Netns ns, String iface, Path dir) {
        Path file = dir.resolve("acks-" + iface + ".pcap");
        BackgroundProcess p = BackgroundProcess.start(dir.resolve("tcpdump-" + iface + ".log"),
                ns.command("tcpdump", "-n", "-i", iface, "-U", "-s", "0", "-w", file.toString(), "udp", "port", "67"));
        p.awaitOutput(Duration.ofSeconds(20), o -> o.contains("listening on"), "tcpdump listening");
        return new AckCapture(file, p);
    }

    /** Stops the capture (tcpdump writes out what it holds) and reads the ACKs in it, in order. */
    List<Ack> stopAndRead() {
        tcpdump.close();
        return read(file);
    }

    static List<Ack> read(Path pcap) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(pcap);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 24) {
            return List.of();
        }
        int magic = b.getInt(0);
        if (magic != 0xa1b2c3d4) {
            b.order(ByteOrder.BIG_ENDIAN);
            if (b.getInt(0) != 0xa1b2c3d4) {
                throw new AssertionError("not a microsecond pcap file: " + pcap);
            }
        }
        List<Ack> acks = new ArrayList<>();
        int at = 24;
        while (at + 16 <= bytes.length) {
            long seconds = Integer.toUnsignedLong(b.getInt(at));
            long micros = Integer.toUnsignedLong(b.getInt(at + 4));
            int length = b.getInt(at + 8);
            int frame = at + 16;
            at = frame + length;
            if (at > bytes.length) {
                break; // the last record, cut by the stop
            }
            // Ethernet II, IPv4, UDP.
            if (length < 14 + 20 + 8 || (bytes[frame + 12] & 0xff) != 0x08 || bytes[frame + 13] != 0) {
                continue;
            }
            int ip = frame + 14;
            int udp = ip + (bytes[ip] & 0x0f) * 4;
            int payload = udp + 8;
            if (payload >= at) {
                continue;
            }
            DhcpMessage m;
            try {
                m = DhcpCodec.decode(bytes, payload, at - payload);
            } catch (DhcpDecodeException e) {
                continue;
            }
            if (DhcpOp.BOOTREPLY.equals(m.op()) && DhcpMessageType.ACK.equals(m.messageType().orElse(null))) {
                acks.add(new Ack(Instant.ofEpochSecond(seconds, micros * 1000), m.clientMac(), m.yiaddr(),
                        m.option(OptionKey.SERVER_ID).orElse(null)));
            }
        }
        return acks;
    }

    @Override
    public void close() {
        tcpdump.close();
    }
}
