package org.bootnode.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Optional;
import org.bootnode.server.config.Tokens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The access check, one row per case: who may do what on the admin listener. */
class AccessCheckTest {
    static final String RW = "read-write-token-0123456789";
    static final String RO = "read-only-token-0123456789";
    static final Tokens TOKENS = new Tokens(List.of(
            new Tokens.Token("ops", Tokens.Access.READ_WRITE, Tokens.sha256(RW)),
            new Tokens.Token("grafana", Tokens.Access.READ, Tokens.sha256(RO))));

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // method | path            | Authorization               | expected
        "GET      | /api/nodes      | -                            | 401 token required (Authorization: Bearer ...) -",
        "GET      | /metrics        | Basic b3BzOnNlY3JldA==       | 401 token required (Authorization: Bearer ...) -",
        "GET      | /api/nodes      | Bearer                       | 401 token required (Authorization: Bearer ...) -",
        "GET      | /api/nodes      | Bearer wrong-token-0123456789 | 401 unknown token invalid_token",
        "GET      | /api/nodes      | Bearer " + RW + "x           | 401 unknown token invalid_token",
        "GET      | /api/nodes      | Bearer " + RO + "            | READ grafana",
        "HEAD     | /metrics        | bearer " + RO + "            | READ grafana",
        "GET      | /api/nodes      | BEARER  " + RW + "           | WRITE ops",
        "POST     | /api/nodes      | Bearer " + RO + "            | 403 read-only token grafana may not POST insufficient_scope",
        "PUT      | /api/nodes/n1   | Bearer " + RO + "            | 403 read-only token grafana may not PUT insufficient_scope",
        "PATCH    | /api/nodes/n1   | Bearer " + RO + "            | 403 read-only token grafana may not PATCH insufficient_scope",
        "DELETE   | /api/leases/x   | Bearer " + RO + "            | 403 read-only token grafana may not DELETE insufficient_scope",
        "OPTIONS  | /api/nodes      | Bearer " + RO + "            | 403 read-only token grafana may not OPTIONS insufficient_scope",
        "DELETE   | /api/leases/x   | Bearer " + RW + "            | WRITE ops",
        "POST     | /api/nodes      | -                            | 401 token required (Authorization: Bearer ...) -",
        // the page's own files hold no data: a browser loads them without a token
        "GET      | /               | -                            | READ -",
        "GET      | /ui/app.js      | -                            | READ -",
        "POST     | /ui/app.js      | -                            | 401 token required (Authorization: Bearer ...) -",
        "GET      | /uix            | -                            | 401 token required (Authorization: Bearer ...) -",
    })
    void withTokens(String method, String path, String authorization, String expected) {
        assertEquals(expected, describe(AccessCheck.decide(TOKENS, method, path, authorization)));
    }

    @Test
    void withoutATokenFileEveryRequestMayWrite() {
        assertEquals("WRITE -", describe(AccessCheck.decide(null, "DELETE", "/api/nodes/n1", null)));
        assertEquals("WRITE -", describe(AccessCheck.decide(null, "GET", "/metrics", "Bearer whatever")));
    }

    @Test
    void bearerReadsTheSchemeInAnyCase() {
        assertEquals("abc", AccessCheck.bearer("Bearer abc"));
        assertEquals("abc", AccessCheck.bearer("bEaReR   abc  "));
        assertNull(AccessCheck.bearer("Bearerabc"));
        assertNull(AccessCheck.bearer("Token abc"));
        assertNull(AccessCheck.bearer(null));
    }

    private static String describe(AccessCheck.Decision d) {
        if (d instanceof AccessCheck.Allowed a) {
            return a.access() + " " + a.who().orElse("-");
        }
        AccessCheck.Refused r = (AccessCheck.Refused) d;
        return r.status() + " " + r.error() + " " + Optional.ofNullable(r.bearerError()).orElse("-");
    }
}
