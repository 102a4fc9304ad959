package org.bootnode.server.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Maps the rest of a {@code /tftp/...} URL to a file inside the TFTP root, or refuses.
 *
 * <p>Checked on the raw path before and after percent-decoding: encoded slashes and
 * backslashes, NUL, empty, {@code .} and {@code ..} segments are refused outright; then the real
 * path (all symbolic links resolved) must still lie inside the real root, so a link pointing out
 * of the root is refused too.
 */
final class TftpRootPath {
    /** The outcome: a file to serve, or the status to answer with. */
    sealed interface Result {}

    /** A regular file inside the root. */
    record Found(Path file) implements Result {}

    /** Refused: 400, 403 or 404. */
    record Refused(int status, String reason) implements Result {}

    private TftpRootPath() {}

    /** Resolves {@code raw} (the URL path after {@code /tftp/}, still percent-encoded) under {@code root}. */
    static Result resolve(Path root, String raw) {
        String lower = raw.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") || raw.indexOf('\\') >= 0) {
            return new Refused(404, "encoded separator or NUL");
        }
        String decoded;
        try {
            decoded = percentDecode(raw);
        } catch (IllegalArgumentException e) {
            return new Refused(400, "bad percent-encoding");
        }
        if (decoded.isEmpty() || decoded.startsWith("/") || decoded.indexOf('\0') >= 0 || decoded.indexOf('\\') >= 0) {
            return new Refused(404, "empty or absolute");
        }
        for (String segment : decoded.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return new Refused(404, "empty, . or .. segment");
            }
        }
        try {
            Path realRoot = root.toRealPath();
            Path candidate = realRoot.resolve(decoded);
            if (!candidate.normalize().startsWith(realRoot)) {
                return new Refused(404, "outside the root");
            }
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return new Refused(404, "no such file");
            }
            Path real = candidate.toRealPath();
            if (!real.startsWith(realRoot)) {
                return new Refused(403, "link out of the root");
            }
            if (!Files.isRegularFile(real)) {
                return new Refused(404, "not a regular file");
            }
            return new Found(real);
        } catch (IOException | RuntimeException e) {
            return new Refused(404, "cannot resolve");
        }
    }

    /** Strict percent-decoding to UTF-8: a bad escape or bad UTF-8 is an error, never passed through. */
    static String percentDecode(String s) {
        byte[] out = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalArgumentException("escape: truncated at " + i);
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("escape: bad hex at " + i);
                }
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                out[n++] = (byte) c;
            } else {
                throw new IllegalArgumentException("character: not ASCII at " + i);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(out, 0, n)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("escape: not UTF-8", e);
        }
    }
}
