package org.bootnode.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bootnode.server.config.AdminSection;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.HttpSection;
import org.bootnode.server.config.ServerSection;
import org.bootnode.server.config.TftpSection;
import org.bootnode.tftp.client.TftpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP and TFTP listen on server.address only, the admin listener on its own addresses only:
 * with the server at 127.0.0.1, 127.0.0.2 (also on lo) reaches none of them.
 */
class ListenAddressTest {
    @TempDir Path dir;

    @Test
    void bootAndAdminListenersAnswerOnlyOnTheirAddresses() throws Exception {
        Files.createDirectories(dir.resolve("tftp"));
        Files.writeString(dir.resolve("tftp/undionly.kpxe"), "undionly");
        BootConfig config = BootConfig.builder()
                .server(new ServerSection(TestAddresses.ip("127.0.0.1"), null, dir.resolve("data")))
                .tftp(new TftpSection(0, dir.resolve("tftp")))
                .http(new HttpSection(0, 16, Duration.ofSeconds(10)))
                .admin(new AdminSection(List.of(new InetSocketAddress("127.0.0.3", 0)), null, null))
                .build();
        try (BootServer server = BootServer.builder().config(config).start()) {
            int http = server.httpPort().orElseThrow();
            int tftp = server.tftpPort().orElseThrow();
            int admin = server.adminAddresses().get(0).getPort();
            connect("127.0.0.1", http);
            connect("127.0.0.3", admin);
            assertThrows(ConnectException.class, () -> connect("127.0.0.2", http));
            assertThrows(ConnectException.class, () -> connect("127.0.0.1", admin));
            assertThrows(ConnectException.class, () -> connect("127.0.0.2", admin));

            try (TftpClient client = TftpClient.builder().build()) {
                assertArrayEquals("undionly".getBytes(StandardCharsets.US_ASCII),
                        client.get(new InetSocketAddress("127.0.0.1", tftp), "undionly.kpxe"));
            }
            // A connected UDP socket learns of the ICMP port unreachable: nothing listens there.
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                udp.setSoTimeout(5000);
                udp.connect(new InetSocketAddress("127.0.0.2", tftp));
                byte[] rrq = "\0\1undionly.kpxe\0octet\0".getBytes(StandardCharsets.US_ASCII);
                udp.send(new DatagramPacket(rrq, rrq.length));
                assertThrows(PortUnreachableException.class, () -> udp.receive(new DatagramPacket(new byte[600], 600)));
            }
            assertEquals(List.of(new InetSocketAddress("127.0.0.3", admin)), server.adminAddresses());
        }
    }

    private static void connect(String host, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 5000);
        }
    }
}
