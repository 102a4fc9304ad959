package org.bootnode.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
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
        assertEquals(file + ":5: unknown key 'workers' in http (expected one of: header-timeout, idle-timeout, max-connections, max-connections-per-address, port, send-buffer)",
                err.toString().strip());
    }

    @Test
    void aRefusedReloadIsCountedAndTheRunningConfigurationStays(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bootnode.yaml");
        Files.writeString(file, "server:\n  address: 127.0.0.1\n  data-dir: data\nhttp:\n  port: 0\n");
        try (BootServer server = BootServer.builder().config(ConfigReader.read(file)).start()) {
            ServeCommand.reload(server, file);
            assertEquals(1, server.metrics().reloads.get());
            Files.writeString(file, "server:\n  address: 127.0.0.1\nhttp:\n  port: eighty\n");
            ServeCommand.reload(server, file);
            assertEquals(1, server.metrics().reloadErrors.get());
            assertEquals(1, server.metrics().reloads.get());
        }
    }
}
