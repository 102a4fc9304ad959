package org.bootnode.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token file: names, access, the token or its SHA-256; every problem at its line, never a token in a message. */
class TokensTest {
    static final String OPS = "ops-token-0123456789abcdef";
    static final String GRAFANA = "grafana-token-0123456789";

    @TempDir Path dir;

    Path file(String text, String mode) throws IOException {
        Path f = Files.writeString(dir.resolve("tokens.yaml"), text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void readsTokensAndHashesAndLooksThemUp() throws Exception {
        String hash = HexFormat.of().formatHex(Tokens.sha256(GRAFANA));
        Tokens tokens = Tokens.read(file("ops: { access: read-write, token: " + OPS + " }\n"
                + "grafana:\n  access: read\n  sha256: " + hash.toUpperCase() + "\n", "rw-------"));
        assertEquals(List.of("ops", "grafana"), tokens.all().stream().map(Tokens.Token::name).toList());
        assertEquals(Tokens.Access.READ_WRITE, tokens.lookup(OPS).orElseThrow().access());
        assertEquals("grafana", tokens.lookup(GRAFANA).orElseThrow().name());
        assertEquals(Tokens.Access.READ, tokens.lookup(GRAFANA).orElseThrow().access());
        assertTrue(tokens.lookup(OPS + "x").isEmpty());
        assertTrue(tokens.lookup("").isEmpty());
        assertTrue(tokens.lookup(OPS.substring(1)).isEmpty());
    }

    @Test
    void anEntrysTextNamesItAndNeverHoldsTheToken() throws Exception {
        Tokens tokens = Tokens.read(file("ops: { access: read-write, token: " + OPS + " }\n", "rw-r-----"));
        String text = tokens.all().get(0).toString();
        assertEquals("Token[ops, read-write]", text);
    }

    @Test
    void everyProblemAtItsLineAndNoTokenInAnyMessage() throws Exception {
        Path f = file("""
                ops: { access: read-write, token: %s }
                twin: { access: read, token: %s }
                short: { access: read, token: abc }
                both: { access: read, token: %s, sha256: 00 }
                noaccess: { token: zzzzzzzzzzzzzzzzzzzzzzzz }
                bad: { access: admin, token: yyyyyyyyyyyyyyyyyyyyyyyy }
                odd: { access: read, sha256: 1234, colour: red }
                "no good": { access: read, token: xxxxxxxxxxxxxxxxxxxxxxx }
                ops: { access: read, token: wwwwwwwwwwwwwwwwwwwwwwww }
                """.formatted(OPS, OPS, GRAFANA), "rw-------");
        ConfigException e = assertThrows(ConfigException.class, () -> Tokens.read(f));
        List<String> got = e.problems().stream().map(p -> p.line() + ": " + p.message()).toList();
        assertEquals(List.of(
                "2: token twin: the same token as ops (expected: one token per name, so that the log names who used it)",
                "3: token short.token: not a usable bearer token (expected: at least 16 of A-Z a-z 0-9 - . _ ~ + /, e.g. from: openssl rand -hex 32)",
                "4: token both: expected one of token and sha256",
                "5: token noaccess: access missing (expected: read or read-write)",
                "6: token bad.access: admin (expected: read or read-write)",
                "7: token odd: unknown key 'colour' (expected one of: access, sha256, token)",
                "7: token odd.sha256: expected 64 hexadecimal digits",
                "8: token name: expected letters, digits, '.', '_', '-', at most 63",
                "9: token ops: name repeated"), got);
        for (String secret : List.of(OPS, GRAFANA, "abc", "zzzz", "yyyy", "xxxx", "wwww")) {
            assertFalse(e.getMessage().contains(secret), secret + " in: " + e.getMessage());
        }
    }

    @Test
    void aFileEveryUserCanReadIsRefused() throws Exception {
        Path f = file("ops: { access: read-write, token: " + OPS + " }\n", "rw-r--r--");
        ConfigException e = assertThrows(ConfigException.class, () -> Tokens.read(f));
        assertEquals(f + ":1: token file " + f + " can be read by every user (expected: chmod 600 or 640,"
                + " for the server's user and group only)", e.getMessage());
    }

    @Test
    void badYamlSaysWhereButNotWhat() throws Exception {
        Path f = file("ops: { access: read-write, token: \"" + OPS + "\n", "rw-------");
        ConfigException e = assertThrows(ConfigException.class, () -> Tokens.read(f));
        assertTrue(e.getMessage().endsWith("not valid YAML"), e.getMessage());
        assertFalse(e.getMessage().contains(OPS), e.getMessage());
    }
}
