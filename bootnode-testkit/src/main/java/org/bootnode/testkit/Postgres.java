package org.bootnode.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server for one test class, from Debian's {@code postgresql} package:
 * {@code initdb} in a temporary folder, listening on a free port of 127.0.0.1 (and a unix socket in
 * that folder), stopped and removed by {@link #close}. initdb refuses root, so the server runs as the
 * {@code postgres} user through {@code runuser}; that needs root (with {@code CI=true} a missing
 * package or root fails the test, see {@link Tools}).
 *
 * <p>The superuser is {@link #USER} with password {@link #PASSWORD}; connections over TCP
 * authenticate with SCRAM, so a wrong password is refused as on a real site.
 */
public final class Postgres implements AutoCloseable {
    /** The superuser initdb creates. */
    public static final String USER = "bootnode";
    /** Its password. */
    public static final String PASSWORD = "test-secret-4711";

    private static final Duration LIMIT = Duration.ofSeconds(60);

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private final List<String> alsoListenOn;
    private boolean running;

    private Postgres(Path bin, Path dir, int port, List<String> alsoListenOn) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
        this.alsoListenOn = alsoListenOn;
    }

    /** Creates a cluster in a fresh temporary folder and starts it. */
    public static Postgres start() {
        return start(new String[0]);
    }

    /**
     * Creates a cluster that also listens on {@code addresses} (of the test's own namespace, such
     * as a bridge that servers in other namespaces reach), with password logins from anywhere, and
     * starts it. The addresses must exist before.
     */
    public static Postgres start(String... addresses) {
        Tools.requireRoot();
        Tools.require("runuser");
        Path bin = findBin().orElse(null);
        if (bin == null) {
            Tools.requireFile(Path.of("/usr/lib/postgresql/15/bin/initdb"), "Debian package postgresql");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("bootnode-pg-");
            Path pw = dir.resolve("pwfile");
            Files.writeString(pw, PASSWORD + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Exec.ok(LIMIT, "chown", "-R", "postgres:postgres", dir.toString());
        Postgres pg = new Postgres(bin, dir, freePort(), List.of(addresses));
        try {
            pg.asPostgres(bin.resolve("initdb").toString(), "-D", pg.data.toString(), "-U", USER,
                    "--pwfile=" + dir.resolve("pwfile"), "--auth-local=trust", "--auth-host=scram-sha-256",
                    "-E", "UTF8", "--no-instructions");
            if (addresses.length > 0) {
                pg.allowPasswordLoginsFromAnywhere();
            }
            pg.startServer();
            return pg;
        } catch (RuntimeException | AssertionError e) {
            pg.close();
            throw e;
        }
    }

    /** The newest /usr/lib/postgresql/N/bin holding initdb. */
    private static Optional<Path> findBin() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(b -> versionOf(b.getParent())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int versionOf(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server again after {@link #stop}, on the same port; waits until it accepts connections. */
    public void startServer() {
        asPostgres(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=" + String.join(",", listen()), "start");
        running = true;
    }

    private void allowPasswordLoginsFromAnywhere() {
        try {
            Files.writeString(data.resolve("pg_hba.conf"), "host all all 0.0.0.0/0 scram-sha-256\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> listen() {
        List<String> all = new ArrayList<>(List.of("127.0.0.1"));
        all.addAll(alsoListenOn);
        return all;
    }

    /** Stops the server (fast shutdown: open connections are cut). */
    public void stop() {
        asPostgres(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop");
        running = false;
    }

    /** The TCP port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** A JDBC URL for {@code database} on this server at {@code address} (one it listens on). */
    public String url(String address, String database) {
        return "jdbc:postgresql://" + address + ":" + port + "/" + database;
    }

    /** A JDBC URL for {@code database} on this server. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates a database owned by {@link #USER}; returns its JDBC URL. */
    public String createDatabase(String name) {
        psql("postgres", "CREATE DATABASE \"" + name + "\"");
        return url(name);
    }

    /** Runs SQL through psql over the unix socket as the superuser; returns what it printed. */
    public String psql(String database, String sql) {
        return asPostgres(bin.resolve("psql").toString(), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-h", dir.toString(), "-p", Integer.toString(port), "-U", USER, "-d", database, "-c", sql).out();
    }

    /** The server's log so far, for assertion messages. */
    public String log() {
        try {
            Path log = dir.resolve("server.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Exec.Result asPostgres(String... command) {
        List<String> full = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        full.addAll(List.of(command));
        return Exec.run(LIMIT, null, full).ok();
    }

    /** Stops the server (immediately) and removes its folder. */
    @Override
    public void close() {
        try {
            if (running) {
                asPostgres(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop");
                running = false;
            }
        } finally {
            Exec.run(LIMIT, "rm", "-rf", dir.toString());
        }
    }
}
