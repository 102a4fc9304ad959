package org.bootnode.server.overlay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The SSH host keys of each node, generated on first need and kept under
 * {@code server.data-dir/ssh-host-keys/NODE/} with OpenSSH's names ({@code ssh_host_ed25519_key},
 * {@code ssh_host_ed25519_key.pub}, {@code ssh_host_rsa_key}, {@code ssh_host_rsa_key.pub}), so
 * a node shows the same host keys at every boot. The folder is 0700 and the private keys 0600;
 * each file is written to a temporary name, forced to disk and renamed, so a crash leaves the
 * old key or the new one, never half of one. One node's keys are made by one thread at a time
 * (a fixed set of locks, by name): two boots of a node at once cannot give it two keys.
 */
public final class SshHostKeys {
    /** The file names, in the order they go into an overlay. */
    public static final List<String> FILES = List.of("ssh_host_ed25519_key", "ssh_host_ed25519_key.pub",
            "ssh_host_rsa_key", "ssh_host_rsa_key.pub");

    private static final int LOCKS = 64;

    private final Path dir;
    private final SecureRandom random;
    private final Object[] locks = new Object[LOCKS];

    /** Keys under {@code dataDir/ssh-host-keys}. */
    public SshHostKeys(Path dataDir, SecureRandom random) {
        this.dir = Objects.requireNonNull(dataDir, "dataDir").resolve("ssh-host-keys");
        this.random = Objects.requireNonNull(random, "random");
        for (int i = 0; i < LOCKS; i++) {
            locks[i] = new Object();
        }
    }

    /** One key file: its name and text. */
    public record KeyFile(String name, String text, boolean secret) {}

    /** The folder of {@code node}'s keys. */
    public Path folder(String node) {
        return dir.resolve(node);
    }

    /**
     * The node's four key files, made now if missing (a pair is made again whole when either of
     * its files is missing).
     */
    public List<KeyFile> keysOf(String node) throws IOException {
        synchronized (locks[Math.floorMod(node.hashCode(), LOCKS)]) {
            Path folder = folder(node);
            Files.createDirectories(dir);
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            pair(folder, "ssh_host_ed25519_key", node, OpenSshKey::ed25519);
            pair(folder, "ssh_host_rsa_key", node, OpenSshKey::rsa);
            List<KeyFile> out = new ArrayList<>();
            for (String name : FILES) {
                out.add(new KeyFile(name, Files.readString(folder.resolve(name), StandardCharsets.UTF_8), !name.endsWith(".pub")));
            }
            return out;
        }
    }

    /** Whether the node's four files are all there (nothing is made). */
    public boolean exist(String node) {
        return FILES.stream().allMatch(f -> Files.isRegularFile(folder(node).resolve(f)));
    }

    private void pair(Path folder, String name, String node, BiFunction<SecureRandom, String, OpenSshKey> make) throws IOException {
        if (Files.isRegularFile(folder.resolve(name)) && Files.isRegularFile(folder.resolve(name + ".pub"))) {
            return;
        }
        OpenSshKey key = make.apply(random, "root@" + node);
        write(folder.resolve(name), key.privateKeyFile(), "rw-------");
        write(folder.resolve(name + ".pub"), key.publicKeyLine(), "rw-r--r--");
    }

    private static void write(Path target, String text, String mode) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)))) {
            ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel d = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a folder for fsync; the rename is done in any case.
        }
    }
}
