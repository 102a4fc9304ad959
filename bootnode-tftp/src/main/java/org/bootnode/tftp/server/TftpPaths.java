package org.bootnode.tftp.server;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules that turn a requested name into a path relative to the TFTP root, as a pure
 * function. Clients send {@code \} separators and names with or without a leading {@code /};
 * an absolute name is mapped into the root, as tftp-hpa's {@code -s} does.
 */
public final class TftpPaths {
    private TftpPaths() {}

    /** A normalised relative path ({@code a/b/c}), or why it was refused. */
    public record Name(String path, String refusal) {
        /** True when the name must be refused with an access error. */
        public boolean refused() {
            return refusal != null;
        }
    }

    /** Normalises a requested name, or refuses it. */
    public static Name normalise(String requested) {
        if (requested.isEmpty()) {
            return refuse("empty name");
        }
        for (int i = 0; i < requested.length(); i++) {
            char c = requested.charAt(i);
            if (c == 0) {
                return refuse("NUL byte in name");
            }
            if (c < 0x20 || c == 0x7F) {
                return refuse("control character in name");
            }
            if (c == '%' && i + 2 < requested.length() && hex(requested.charAt(i + 1)) && hex(requested.charAt(i + 2))) {
                // TFTP names are not URLs: an escape here is someone hoping a later layer decodes it.
                return refuse("percent-escape in name");
            }
        }
        String name = requested.replace('\\', '/');
        if (name.length() >= 2 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0))) {
            return refuse("drive letter in name");
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                return refuse("'..' in name");
            }
            parts.add(part);
        }
        if (parts.isEmpty()) {
            return refuse("name is the root");
        }
        return new Name(String.join("/", parts), null);
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static Name refuse(String why) {
        return new Name(null, why);
    }
}
