package org.bootnode.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin section: defaults, listen addresses, TLS files, the token file, and what off-loopback requires. */
class ConfigReaderAdminTest {
    static final String HEAD = "server: { address: 10.0.0.1 }\n";
    static final String E = " (expected: ADDRESS:PORT, the address a.b.c.d or [IPv6], the port 0..65535, e.g. 127.0.0.1:9080)";

    @TempDir Path dir;

    @BeforeEach
    void files() throws Exception {
        Files.writeString(dir.resolve("admin.pem"), "certificate");
        Path key = Files.writeString(dir.resolve("admin.key"), "key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path tokens = Files.writeString(dir.resolve("tokens.yaml"), "ops: { access: read-write, token: abcdefghijklmnopqrstuvwx }\n");
        Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-------"));
    }

    BootConfig read(String yaml) throws Exception {
        Path file = dir.resolve("bootnode.yaml");
        Files.writeString(file, yaml);
        return ConfigReader.read(file);
    }

    List<String> problems(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> read(yaml));
        return e.problems().stream().map(p -> dir.relativize(p.file()) + ":" + p.line() + ": " + p.message()).toList();
    }

    @Test
    void absentIsLoopbackOn9080WithoutTlsOrTokens() throws Exception {
        AdminSection admin = read(HEAD).admin().orElseThrow();
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 9080)), admin.listen());
        assertNull(admin.tls());
        assertNull(admin.tokens());
    }

    @Test
    void offLoopbackWithTlsAndTokens() throws Exception {
        AdminSection admin = read(HEAD + """
                admin:
                  listen: [127.0.0.1:9080, 192.0.2.5:9443, "[::1]:0"]
                  tls: { certificate: admin.pem, key: admin.key }
                  tokens: tokens.yaml
                """).admin().orElseThrow();
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 9080), new InetSocketAddress("192.0.2.5", 9443),
                new InetSocketAddress("::1", 0)), admin.listen());
        assertEquals(new AdminSection.Tls(dir.resolve("admin.pem"), dir.resolve("admin.key")), admin.tls());
        assertEquals(dir.resolve("tokens.yaml"), admin.tokens());
    }

    @Test
    void offLoopbackWithoutTlsOrTokensIsRefused() {
        assertEquals(List.of("bootnode.yaml:3: admin.listen: an address off loopback needs both admin.tls and admin.tokens"
                + " (the API can change every node; tokens in the clear are tokens given away)"), problems(HEAD + """
                admin:
                  listen: [0.0.0.0:9080]
                  tokens: tokens.yaml
                """));
        assertEquals(1, problems(HEAD + "admin:\n  listen: [10.0.0.1:9080]\n  tls: { certificate: admin.pem, key: admin.key }\n").size());
    }

    @Test
    void badValuesAtTheirLines() throws Exception {
        Path open = Files.writeString(dir.resolve("open.key"), "key");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(List.of(
                "bootnode.yaml:3: admin.listen: localhost:9080" + E,
                "bootnode.yaml:4: admin.listen: 127.0.0.1:70000" + E,
                "bootnode.yaml:5: admin.listen: 127.0.0.1" + E,
                "bootnode.yaml:6: admin.tls.certificate: " + dir.resolve("none.pem") + " does not exist",
                "bootnode.yaml:7: admin.tls.key: " + open + " can be read by every user (expected: chmod 600 or 640,"
                        + " for the server's user and group only)",
                "bootnode.yaml:8: unknown key 'port' in admin (expected one of: listen, tls, tokens)"),
                problems(HEAD + """
                admin:
                  listen: [localhost:9080,
                    127.0.0.1:70000,
                    127.0.0.1]
                  tls: { certificate: none.pem,
                    key: open.key }
                  port: 9080
                """));
    }

    @Test
    void theTokenFilesProblemsAreItsOwnFileAndLine() throws Exception {
        Path tokens = Files.writeString(dir.resolve("bad-tokens.yaml"), "ops: { access: read-write, token: abcdefghijklmnopqrstuvwx }\n"
                + "ro: { access: readonly, token: bcdefghijklmnopqrstuvwxy }\n");
        Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-------"));
        assertEquals(List.of("bad-tokens.yaml:2: token ro.access: readonly (expected: read or read-write)"),
                problems(HEAD + "admin:\n  tokens: bad-tokens.yaml\n"));
    }
}
