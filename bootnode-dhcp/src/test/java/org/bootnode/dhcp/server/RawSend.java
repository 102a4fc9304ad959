package org.bootnode.dhcp.server;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.HexFormat;

/**
 * A hostile machine's packets: sends each hex argument as one UDP datagram to SERVER-IP:PORT from
 * an ephemeral port. Run inside a test's network namespace ({@code ip netns exec}).
 *
 * <pre>java ... RawSend SERVER-IP PORT HEX...</pre>
 */
public final class RawSend {
    private RawSend() {
    }

    public static void main(String[] args) throws Exception {
        InetAddress server = InetAddress.getByName(args[0]);
        int port = Integer.parseInt(args[1]);
        try (DatagramSocket socket = new DatagramSocket()) {
            for (int i = 2; i < args.length; i++) {
                byte[] p = HexFormat.of().parseHex(args[i]);
                socket.send(new DatagramPacket(p, p.length, server, port));
            }
        }
        System.out.println("SENT " + (args.length - 2));
    }
}
