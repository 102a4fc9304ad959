package org.bootnode.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ConfigReader's {@code store} section: {@code store: { postgres: { url, user, password-file } }}. */
class StoreSectionReaderTest {
    private static final String SERVER = "server:\n  address: 10.0.0.1\n";

    private static Path write(Path dir, String text) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, SERVER + text);
        return file;
    }

    private static Path passwordFile(Path dir, String mode) throws Exception {
        Path pass = dir.resolve("pg.pass");
        Files.writeString(pass, "secret\n");
        Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString(mode));
        return pass;
    }

    private static ConfigException refused(Path file) {
        return assertThrows(ConfigException.class, () -> ConfigReader.read(file));
    }

    @Test
    void noStoreSectionMeansTheJournal(@TempDir Path dir) throws Exception {
        assertFalse(ConfigReader.read(write(dir, "")).store().isPresent());
    }

    @Test
    void readsUrlUserAndAPasswordFileBesideTheConfiguration(@TempDir Path dir) throws Exception {
        Path pass = passwordFile(dir, "rw-r-----");
        BootConfig config = ConfigReader.read(write(dir,
                "store:\n  postgres: { url: \"jdbc:postgresql://127.0.0.1:5432/bootnode\", user: bootnode, password-file: pg.pass }\n"));
        StoreSection.Postgres pg = config.store().orElseThrow().postgres();
        assertEquals("jdbc:postgresql://127.0.0.1:5432/bootnode", pg.url());
        assertEquals("bootnode", pg.user());
        assertEquals(pass, pg.passwordFile());
    }

    @Test
    void userAndPasswordFileAreOptional(@TempDir Path dir) throws Exception {
        StoreSection.Postgres pg = ConfigReader.read(write(dir, "store:\n  postgres:\n    url: jdbc:postgresql://db/bootnode\n"))
                .store().orElseThrow().postgres();
        assertNull(pg.user());
        assertNull(pg.passwordFile());
    }

    @Test
    void unknownKeysAreNamedWithTheirLines(@TempDir Path dir) throws Exception {
        ConfigException e = refused(write(dir, "store:\n  postgres:\n    url: jdbc:postgresql://db/b\n    pasword-file: x\n  mysql: {}\n"));
        assertEquals(List.of(6, 7), e.problems().stream().map(ConfigProblem::line).toList(), e.getMessage());
        assertTrue(e.getMessage().contains(":6: unknown key 'pasword-file' in store.postgres"), e.getMessage());
        assertTrue(e.getMessage().contains(":7: unknown key 'mysql' in store"), e.getMessage());
    }

    @Test
    void aMissingUrlIsReported(@TempDir Path dir) throws Exception {
        ConfigException e = refused(write(dir, "store:\n  postgres:\n    user: bootnode\n"));
        assertTrue(e.getMessage().contains(":4: store.postgres.url: missing"), e.getMessage());
    }

    @Test
    void aStoreWithoutPostgresIsReported(@TempDir Path dir) throws Exception {
        ConfigException e = refused(write(dir, "store: {}\n"));
        assertTrue(e.getMessage().contains(":3: store: missing postgres"), e.getMessage());
    }

    @Test
    void aUrlOfAnotherDatabaseIsRefusedWithoutEchoingIt(@TempDir Path dir) throws Exception {
        ConfigException e = refused(write(dir, "store:\n  postgres: { url: \"jdbc:mysql://db/b?password=hunter2\" }\n"));
        assertTrue(e.getMessage().contains(":4: store.postgres.url: not a PostgreSQL JDBC URL"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void aPasswordInTheUrlIsRefused(@TempDir Path dir) throws Exception {
        ConfigException e = refused(write(dir, "store:\n  postgres: { url: \"jdbc:postgresql://db/b?user=x&Password=hunter2\" }\n"));
        assertTrue(e.getMessage().contains(":4: store.postgres.url: holds a password"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void aPasswordFileThatDoesNotExistIsReported(@TempDir Path dir) throws Exception {
        ConfigException e = refused(write(dir, "store:\n  postgres:\n    url: jdbc:postgresql://db/b\n    password-file: nope.pass\n"));
        assertTrue(e.getMessage().contains(":6: store.postgres.password-file: " + dir.resolve("nope.pass") + " does not exist"),
                e.getMessage());
    }

    @Test
    void aPasswordFileEveryUserCanReadIsRefused(@TempDir Path dir) throws Exception {
        passwordFile(dir, "rw-r--r--");
        ConfigException e = refused(write(dir, "store:\n  postgres:\n    url: jdbc:postgresql://db/b\n    password-file: pg.pass\n"));
        assertTrue(e.getMessage().contains(":6: store.postgres.password-file: " + dir.resolve("pg.pass") + " can be read by every user"),
                e.getMessage());
    }

    @Test
    void aPasswordFileThatIsAFolderIsReported(@TempDir Path dir) throws Exception {
        Files.createDirectory(dir.resolve("pg.pass"));
        ConfigException e = refused(write(dir, "store:\n  postgres:\n    url: jdbc:postgresql://db/b\n    password-file: pg.pass\n"));
        assertTrue(e.getMessage().contains("is not a regular file"), e.getMessage());
    }

    @Test
    void theSectionsTextNeverShowsAPassword() {
        StoreSection.Postgres pg = new StoreSection.Postgres("jdbc:postgresql://db/b?password=hunter2&ssl=true", "u", null);
        assertFalse(pg.toString().contains("hunter2"), pg.toString());
        assertThrows(IllegalArgumentException.class, () -> new StoreSection.Postgres("jdbc:mysql://db/b", null, null));
    }
}
