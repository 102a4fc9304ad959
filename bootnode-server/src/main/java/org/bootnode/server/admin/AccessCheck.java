package org.bootnode.server.admin;

import java.util.Locale;
import java.util.Optional;
import org.bootnode.server.api.Access;
import org.bootnode.server.config.Tokens;

/**
 * Who may do what on the admin listener, as a pure function of the token file, the method, the
 * path and the {@code Authorization} header (RFC 6750 §2.1: {@code Bearer <token>}).
 *
 * <ul>
 * <li>No token file (the listener is on loopback only, as the configuration check insists):
 *     every request may read and write.
 * <li>With one, every request needs a token that the file holds (401 otherwise), and a write
 *     (any method but GET and HEAD) needs a read-write one (403).
 * <li>The web page's own files ({@code /} and {@code /ui/...}, GET and HEAD) need none: they are
 *     the same for everyone and hold no data, and a browser cannot send a token to load the
 *     page that asks for one. Everything the page shows comes from the API, with the token.
 * </ul>
 */
public final class AccessCheck {
    private AccessCheck() {}

    /** What the check decided. */
    public sealed interface Decision {}

    /**
     * The request may go on.
     *
     * @param access what it may do
     * @param who the token's name, or empty when no token was needed
     */
    public record Allowed(Access access, Optional<String> who) implements Decision {}

    /**
     * The request is refused.
     *
     * @param status 401 or 403
     * @param error the short reason, for the JSON error and the log (never the token)
     * @param bearerError RFC 6750 §3.1's error code for {@code WWW-Authenticate}, or null for none
     */
    public record Refused(int status, String error, String bearerError) implements Decision {}

    /** Decides; {@code tokens} null means no token file. */
    public static Decision decide(Tokens tokens, String method, String path, String authorization) {
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (tokens == null) {
            return new Allowed(Access.WRITE, Optional.empty());
        }
        if (read && (path.equals("/") || path.startsWith("/ui/"))) {
            return new Allowed(Access.READ, Optional.empty());
        }
        String presented = bearer(authorization);
        if (presented == null) {
            return new Refused(401, "token required (Authorization: Bearer ...)", null);
        }
        Optional<Tokens.Token> token = tokens.lookup(presented);
        if (token.isEmpty()) {
            return new Refused(401, "unknown token", "invalid_token");
        }
        boolean mayWrite = token.get().access() == Tokens.Access.READ_WRITE;
        if (!read && !mayWrite) {
            return new Refused(403, "read-only token " + token.get().name() + " may not " + method, "insufficient_scope");
        }
        return new Allowed(mayWrite ? Access.WRITE : Access.READ, Optional.of(token.get().name()));
    }

    /** The token of {@code Bearer <token>} (the scheme in any case, RFC 9110 §11.1), or null. */
    static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String a = authorization.strip();
        int space = a.indexOf(' ');
        if (space < 0 || !a.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            return null;
        }
        String token = a.substring(space + 1).strip();
        return token.isEmpty() ? null : token;
    }
}
