package org.bootnode.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code config check} with a {@code store} section: says where the leases go, refuses an open password file. */
class ConfigCheckStoreTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int check(Path file) {
        return BootnodeCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), "config", "check", "--config", file.toString());
    }

    private static Path config(Path dir, String mode) throws Exception {
        Path pass = dir.resolve("pg.pass");
        Files.writeString(pass, "secret\n");
        Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString(mode));
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, """
                server: { address: 10.0.0.1 }
                store:
                  postgres: { url: "jdbc:postgresql://db/bootnode", user: bootnode, password-file: pg.pass }
                dhcp: { subnet: 10.0.0.0/24, pool: 10.0.0.100-10.0.0.199 }
                """);
        return file;
    }

    @Test
    void saysTheLeasesAreInPostgresql(@TempDir Path dir) throws Exception {
        assertEquals(0, check(config(dir, "rw-------")), err.toString());
        assertTrue(out.toString().contains("serves DHCP (leases in PostgreSQL)"), out.toString());
    }

    @Test
    void refusesAPasswordFileEveryUserCanRead(@TempDir Path dir) throws Exception {
        assertEquals(1, check(config(dir, "rw-rw-r--")));
        assertTrue(err.toString().contains("c.yaml:3: store.postgres.password-file:"), err.toString());
        assertFalse(err.toString().contains("secret"), err.toString());
    }
}
