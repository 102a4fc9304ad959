package org.bootnode.server.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.bootnode.testkit.Exec;
import org.bootnode.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host keys as OpenSSH reads them: {@code ssh-keygen -l} and {@code -y} on the private key files. */
class OpenSshKeyTest {
    @TempDir
    Path dir;

    @Test
    void sshKeygenReadsEd25519AndRsaPrivateKeysAndDerivesTheSamePublicKey() throws IOException {
        Path keygen = Tools.require("ssh-keygen").get(0);
        SecureRandom random = new SecureRandom();
        for (OpenSshKey key : List.of(OpenSshKey.ed25519(random, "root@node-000"), OpenSshKey.rsa(random, "root@node-000"))) {
            Path file = dir.resolve(key.type());
            Files.writeString(file, key.privateKeyFile());
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            String derived = Exec.ok(Duration.ofSeconds(20), keygen.toString(), "-y", "-f", file.toString()).out().strip();
            String[] pub = key.publicKeyLine().strip().split(" ");
            assertEquals(pub[0] + " " + pub[1], derived.split(" ")[0] + " " + derived.split(" ")[1], key.type());
            String listed = Exec.ok(Duration.ofSeconds(20), keygen.toString(), "-l", "-f", file.toString()).out();
            assertTrue(listed.contains(key.fingerprint()), listed + " vs " + key.fingerprint());
            assertTrue(listed.contains(key.type().equals("ssh-rsa") ? "3072 " : "256 "), listed);
            Path pubFile = dir.resolve(key.type() + ".pub");
            Files.writeString(pubFile, key.publicKeyLine());
            assertTrue(Exec.ok(Duration.ofSeconds(20), keygen.toString(), "-l", "-f", pubFile.toString()).out()
                    .contains(key.fingerprint() + " root@node-000"));
        }
    }

    @Test
    void keysAreMadeOnceKeptPrivateAndReused() throws IOException {
        SshHostKeys store = new SshHostKeys(dir, new SecureRandom());
        List<SshHostKeys.KeyFile> first = store.keysOf("node-000");
        List<SshHostKeys.KeyFile> again = new SshHostKeys(dir, new SecureRandom()).keysOf("node-000");
        assertEquals(first, again);
        Path folder = dir.resolve("ssh-host-keys/node-000");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("ssh_host_ed25519_key"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("ssh_host_rsa_key"))));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("ssh_host_rsa_key.pub"))));
        assertTrue(first.get(0).secret() && !first.get(1).secret());
        Files.delete(folder.resolve("ssh_host_rsa_key.pub"));
        List<SshHostKeys.KeyFile> remade = store.keysOf("node-000");
        assertEquals(first.get(0), remade.get(0), "the Ed25519 pair is kept");
        assertTrue(!first.get(2).equals(remade.get(2)), "a pair missing a file is made again whole");
    }
}
