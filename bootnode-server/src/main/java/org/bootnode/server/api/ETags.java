package org.bootnode.server.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.NodeSpec;

/**
 * The entity tag of a node (RFC 9110 §8.8.3): a digest of its definition (name, MAC, address,
 * group, image, its own settings, overlays and variables), not of its boots, so that a boot does not make an edit stale
 * but any change to the node does.
 */
final class ETags {
    private ETags() {}

    /** The strong tag, quoted, of node {@code n} of {@code config} (its overlays and variables are the configuration's). */
    static String of(NodeSpec n, BootConfig config) {
        String own = config.overlays().map(o -> o.nodes().get(n.name()))
                .map(a -> a.overlays() + "\n" + new TreeMap<>(a.vars())).orElse("");
        String text = String.join("\n", n.name(), n.mac().toString(), n.ip() == null ? "" : n.ip().getHostAddress(),
                n.group() == null ? "" : n.group().name(), n.image(), n.cmdline(), n.options().toString(),
                new TreeMap<>(n.bootFiles()).toString(), own);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }

    /**
     * Whether {@code ifMatch} (the header, or null) allows a change of a node whose tag is
     * {@code current}: absent, {@code *}, or a list holding it (RFC 9110 §13.1.1, strong comparison).
     */
    static boolean matches(String ifMatch, String current) {
        if (ifMatch == null) {
            return true;
        }
        for (String tag : ifMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || t.equals(current)) {
                return true;
            }
        }
        return false;
    }
}
