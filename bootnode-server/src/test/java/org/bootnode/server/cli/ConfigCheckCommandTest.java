package org.bootnode.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return BootnodeCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void goodFileExitsZero(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bootnode.yaml");
        Files.writeString(file, "server:\n  address: 10.0.0.1\nhttp:\n  port: 8080\n");
        assertEquals(0, run("config", "check", "--config", file.toString()), err::toString);
        assertTrue(out.toString().contains("ok"), out::toString);
    }

    @Test
    void badFilePrintsFileLineMessageAndExitsOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bootnode.yaml");
        Files.writeString(file, "server:\n  address: 10.0.0.1\nhttp:\n  port: 99999\n");
        assertEquals(1, run("config", "check", "--config", file.toString()));
        assertEquals(file + ":4: http.port: 99999 (expected: 0..65535, 0 for any free port)", err.toString().strip());
    }

    @Test
    void missingFileExitsOne(@TempDir Path dir) {
        assertEquals(1, run("config", "check", "--config", dir.resolve("nope.yaml").toString()));
        assertTrue(err.toString().contains("nope.yaml"), err::toString);
    }

    @Test
    void aTlsCertificateThatCannotBeUsedFailsTheCheckAsItWouldFailServe(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("admin.pem"), "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");
        Path key = Files.writeString(dir.resolve("admin.key"), "not a key\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path file = dir.resolve("bootnode.yaml");
        Files.writeString(file, "server:\n  address: 10.0.0.1\nadmin:\n  tls: { certificate: admin.pem, key: admin.key }\n");
        assertEquals(1, run("config", "check", "--config", file.toString()));
        assertTrue(err.toString().startsWith(file + ": admin.tls: cannot use " + dir.resolve("admin.pem")), err::toString);
        assertEquals(1, err.toString().strip().lines().count(), err::toString);
    }
}
