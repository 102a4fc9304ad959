package org.bootnode.dhcp.server;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.HexFormat;
import org.bootnode.dhcp.ClientPackets;
import org.bootnode.dhcp.DhcpCodec;
import org.bootnode.dhcp.DhcpMessage;
import org.bootnode.dhcp.DhcpMessageType;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.OptionKey;
import org.bootnode.dhcp.internal.Inet4;

/**
 * A PXE client's request to the boot server port, as UEFI firmware sends it after a proxyDHCP
 * offer (PXE 2.1 §2.2.7): OVMF's captured DISCOVER turned into a REQUEST with the client's
 * address in ciaddr, sent by unicast from port 68 with a plain socket. Run inside a test's
 * network namespace ({@code ip netns exec}); prints the request's and the answer's bytes in hex.
 *
 * <pre>java ... PxeProbe SERVER-IP PORT CLIENT-IP MAC TIMEOUT-MS [plain]</pre>
 * {@code plain}: no PXE options (option 60, 93, 94, 97 removed), as a client that is not booting.
 * Output: {@code REQUEST hex}, then {@code FROM ip:port} and {@code REPLY hex}, or {@code TIMEOUT}.
 */
public final class PxeProbe {
    private PxeProbe() {
    }

    public static void main(String[] args) throws Exception {
        InetAddress server = InetAddress.getByName(args[0]);
        int port = Integer.parseInt(args[1]);
        DhcpMessage ovmf = DhcpCodec.decode(ClientPackets.OVMF_PXE_DISCOVER);
        DhcpMessage.Builder b = ovmf.toBuilder().messageType(DhcpMessageType.REQUEST).broadcast(false)
                .ciaddr(Inet4.parse(args[2])).clientMac(MacAddress.parse(args[3])).xid(0x5eed4011);
        if (args.length > 5 && args[5].equals("plain")) {
            b.options(ovmf.options().toBuilder().remove(OptionKey.VENDOR_CLASS).remove(OptionKey.CLIENT_ARCH)
                    .remove(OptionKey.CLIENT_NDI).remove(OptionKey.CLIENT_UUID).put(OptionKey.MESSAGE_TYPE, DhcpMessageType.REQUEST.code())
                    .build());
        }
        byte[] request = DhcpCodec.encode(b.build());
        System.out.println("REQUEST " + HexFormat.of().formatHex(request));
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(Inet4.parse(args[2]), 68))) {
            socket.setSoTimeout(Integer.parseInt(args[4]));
            socket.send(new DatagramPacket(request, request.length, server, port));
            byte[] buf = new byte[1500];
            DatagramPacket reply = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(reply);
            } catch (SocketTimeoutException e) {
                System.out.println("TIMEOUT");
                return;
            }
            System.out.println("FROM " + reply.getAddress().getHostAddress() + ":" + reply.getPort());
            System.out.println("REPLY " + HexFormat.of().formatHex(buf, 0, reply.getLength()));
        }
    }
}
