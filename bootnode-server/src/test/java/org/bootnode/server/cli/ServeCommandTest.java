package org.bootnode.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bootnode.server.BootServer;
import org.bootnode.server.config.ConfigReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {
    @Test
    void refusesToStartWithABadFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bootnode.yaml");
        Files.writeString(file, "server:\n  address: 10.0.0.1\nhttp:\n  port: 8080\n  workers: 4\n");
        StringWriter err = new StringWriter();
        int code = BootnodeCommand.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "serve", "--config", file.toString());
        assertEquals(1, code);
        assertEquals(file + ":5: unknown key 'workers' in http (expected one of: header-timeout, idle-timeout, max-connections, max-connections-per-address, port, send-buffer, threads, unsent-limit)",
                err.toString().strip());
    }

    @Test
    void aRefusedReloadIsCountedAndTheRunningConfigurationStays(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bootnode.yaml");
        Files.writeString(file, "server:\n  address: 127.0.0.1\n  data-dir: data\nhttp:\n  port: 0\nadmin:\n  listen: [127.0.0.1:0]\n");
        try (BootServer server = BootServer.builder().config(ConfigReader.read(file)).start()) {
            ServeCommand.reload(server, file);
            assertEquals(1, server.metrics().reloads.get());
            Files.writeString(file, "server:\n  address: 127.0.0.1\nhttp:\n  port: eighty\n");
            ServeCommand.reload(server, file);
            assertEquals(1, server.metrics().reloadErrors.get());
            assertEquals(1, server.metrics().reloads.get());
        }
    }

    @Test
    void aReloadTheRunningDhcpRefusesIsCountedAndTheNodesStay(@TempDir Path dir) throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("vmlinuz"), "kernel");
        String head = "server: { address: 127.0.0.1, interface: lo, data-dir: data }\nadmin: { listen: [127.0.0.1:0] }\n"
                + "images:\n  compute: { kernel: vmlinuz, initrd: vmlinuz }\n"
                + "dhcp:\n  port: " + port + "\n  subnet: 127.0.0.0/8\n";
        String nodes = "nodes:\n  node-000: { mac: \"fc:ab:14:e8:66:01\", ip: 127.0.0.10, image: compute }\n";
        Path file = dir.resolve("bootnode.yaml");
        Files.writeString(file, head + nodes);
        try (BootServer server = BootServer.builder().config(ConfigReader.read(file)).start()) {
            // rack1 waits for a restart, so its node has no subnet in the running server.
            Files.writeString(file, head + "  subnets:\n    rack1: { subnet: 10.9.0.0/24 }\n"
                    + "nodes:\n  node-001: { mac: \"fc:ab:14:e8:66:02\", ip: 10.9.0.10, image: compute }\n");
            ServeCommand.reload(server, file);
            assertEquals(1, server.metrics().reloadErrors.get());
            assertEquals(0, server.metrics().reloads.get());
            assertEquals("node-000", server.inventory().nodes().get(0).name());
        }
    }
}
