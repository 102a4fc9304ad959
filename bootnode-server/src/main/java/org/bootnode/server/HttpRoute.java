package org.bootnode.server;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.config.BootConfig;

/**
 * The boot listener's URL scheme, both ways: each route {@linkplain #path() writes} its path, and
 * {@link #parse} reads a request URI back into the route, so {@code parse(r.path())} is
 * {@code r}. Every URL a node fetches names the node by its MAC, so its boot timeline joins on
 * the MAC alone.
 *
 * <pre>
 * /nodes/{mac}/boot.ipxe                  NodeScript      the node's script (DHCP hands iPXE this URL)
 * /nodes/{mac}/kernel, /initrd            NodeFile        the node's image (Range, HEAD)
 * /nodes/{mac}/images/{image}/kernel      NodeImageFile   another image for this node (the failsafe)
 * /nodes/{mac}/overlay                    NodeOverlay     the node's overlay archive, its second initrd
 * /nodes/{mac}/booted                     Booted          the image's init reports success (GET or POST)
 * /boot.ipxe                              GenericScript   chains to /nodes/${net0/mac}/boot.ipxe
 * /images/{image}/kernel, /initrd         ImageFile       an image, no node named
 * /tftp/{file}                            TftpFile        the TFTP root over HTTP
 *
 * The API and /metrics are the admin listener's, not here (docs/admin.md).
 *
 * read too (aliases of earlier versions):
 * /boot/{mac}.ipxe                        NodeScript
 * </pre>
 *
 * <p>{mac} is written in lower-case colon form and read in colon or dash form, any case, with
 * {@code %3A} for a colon accepted (iPXE's {@code ${mac:uristring}}). {image} follows the
 * configuration's name rule. {file} is percent-encoded when written and strictly decoded when
 * read; what it may name is decided by the TFTP file source, the one traversal guard.
 */
public sealed interface HttpRoute {
    /** The path of this route, starting with {@code /}, percent-encoded where needed. */
    String path();

    /** Which file of an image. */
    enum Part {
        /** The kernel. */
        KERNEL("kernel"),
        /** The initramfs. */
        INITRD("initrd");

        private final String segment;

        Part(String segment) {
            this.segment = segment;
        }

        /** The path segment: {@code kernel} or {@code initrd}. */
        public String segment() {
            return segment;
        }

        static Part of(String segment) {
            for (Part p : values()) {
                if (p.segment.equals(segment)) {
                    return p;
                }
            }
            return null;
        }
    }

    /** Where every per-node path starts: {@code /nodes/}. */
    String NODES = "/nodes/";
    /** What follows the MAC in a node's script path: {@code /boot.ipxe}. */
    String SCRIPT_SUFFIX = "/boot.ipxe";

    /** {@code /nodes/{mac}/boot.ipxe}. */
    record NodeScript(MacAddress mac) implements HttpRoute {
        /** Checks the MAC. */
        public NodeScript {
            checkMac(mac);
        }

        @Override
        public String path() {
            return NODES + mac + SCRIPT_SUFFIX;
        }
    }

    /** {@code /nodes/{mac}/kernel} or {@code /nodes/{mac}/initrd}: the node's own image. */
    record NodeFile(MacAddress mac, Part part) implements HttpRoute {
        /** Checks the parts. */
        public NodeFile {
            checkMac(mac);
            Objects.requireNonNull(part, "part");
        }

        @Override
        public String path() {
            return NODES + mac + "/" + part.segment();
        }
    }

    /** {@code /nodes/{mac}/images/{image}/kernel} or {@code /initrd}: another image, for this node. */
    record NodeImageFile(MacAddress mac, String image, Part part) implements HttpRoute {
        /** Checks the parts. */
        public NodeImageFile {
            checkMac(mac);
            checkImage(image);
            Objects.requireNonNull(part, "part");
        }

        @Override
        public String path() {
            return NODES + mac + "/images/" + image + "/" + part.segment();
        }
    }

    /** {@code /nodes/{mac}/overlay}: the node's own files over its image (docs/overlays.md). */
    record NodeOverlay(MacAddress mac) implements HttpRoute {
        /** Checks the MAC. */
        public NodeOverlay {
            checkMac(mac);
        }

        @Override
        public String path() {
            return NODES + mac + "/overlay";
        }
    }

    /** {@code /nodes/{mac}/booted}. */
    record Booted(MacAddress mac) implements HttpRoute {
        /** Checks the MAC. */
        public Booted {
            checkMac(mac);
        }

        @Override
        public String path() {
            return NODES + mac + "/booted";
        }
    }

    /** {@code /boot.ipxe}. */
    record GenericScript() implements HttpRoute {
        @Override
        public String path() {
            return "/boot.ipxe";
        }
    }

    /** {@code /images/{image}/kernel} or {@code /initrd}: no node named (kept for older scripts). */
    record ImageFile(String image, Part part) implements HttpRoute {
        /** Checks the parts. */
        public ImageFile {
            checkImage(image);
            Objects.requireNonNull(part, "part");
        }

        @Override
        public String path() {
            return "/images/" + image + "/" + part.segment();
        }
    }

    /** {@code /tftp/{file}}; {@code file} is decoded (not yet checked: the file source does that). */
    record TftpFile(String file) implements HttpRoute {
        /** Checks that a name is given. */
        public TftpFile {
            if (file == null || file.isEmpty()) {
                throw new IllegalArgumentException("file: " + file + " (expected: a name)");
            }
        }

        @Override
        public String path() {
            return "/tftp/" + UriText.encode(file);
        }
    }

    /**
     * The route of a request URI (origin or absolute form; the query is ignored), or empty when
     * no route has this path.
     */
    static Optional<HttpRoute> parse(String uri) {
        return Optional.ofNullable(UriText.route(uri));
    }

    private static void checkMac(MacAddress mac) {
        Objects.requireNonNull(mac, "mac");
        if (mac.length() != MacAddress.ETHERNET_LENGTH) {
            throw new IllegalArgumentException("mac: " + mac + " (expected: six bytes)");
        }
    }

    private static void checkImage(String image) {
        if (!BootConfig.isName(image)) {
            throw new IllegalArgumentException("image: " + image + " (expected: a name as in the configuration)");
        }
    }
}

/** The reading side of {@link HttpRoute} and its percent-coding, kept out of the public interface. */
final class UriText {
    private UriText() {}

    static HttpRoute route(String uri) {
        // RFC 9112 §3.2.2: a server accepts the absolute form too; only the path matters here.
        if (uri.regionMatches(true, 0, "http://", 0, 7)) {
            int slash = uri.indexOf('/', 7);
            uri = slash < 0 ? "/" : uri.substring(slash);
        }
        int q = uri.indexOf('?');
        String path = q >= 0 ? uri.substring(0, q) : uri;
        int hash = path.indexOf('#');
        if (hash >= 0) {
            path = path.substring(0, hash);
        }
        if (path.equals("/boot.ipxe")) {
            return new HttpRoute.GenericScript();
        }
        if (path.startsWith(HttpRoute.NODES)) {
            return node(path.substring(HttpRoute.NODES.length()).split("/", -1));
        }
        if (path.startsWith("/tftp/")) {
            String file = decodeOrNull(path.substring("/tftp/".length()));
            return file == null || file.isEmpty() ? null : new HttpRoute.TftpFile(file);
        }
        if (path.startsWith("/boot/") && path.endsWith(".ipxe")) {
            MacAddress mac = mac(path.substring("/boot/".length(), path.length() - ".ipxe".length()));
            return mac == null ? null : new HttpRoute.NodeScript(mac);
        }
        if (path.startsWith("/images/")) {
            String[] s = path.substring("/images/".length()).split("/", -1);
            HttpRoute.Part part = s.length == 2 ? HttpRoute.Part.of(s[1]) : null;
            return part != null && BootConfig.isName(s[0]) ? new HttpRoute.ImageFile(s[0], part) : null;
        }
        return null;
    }

    private static HttpRoute node(String[] s) {
        MacAddress mac = mac(s[0]);
        if (mac == null || s.length < 2) {
            return null;
        }
        if (s.length == 2) {
            return switch (s[1]) {
                case "boot.ipxe" -> new HttpRoute.NodeScript(mac);
                case "booted" -> new HttpRoute.Booted(mac);
                case "overlay" -> new HttpRoute.NodeOverlay(mac);
                default -> {
                    HttpRoute.Part part = HttpRoute.Part.of(s[1]);
                    yield part == null ? null : new HttpRoute.NodeFile(mac, part);
                }
            };
        }
        if (s.length == 4 && s[1].equals("images") && BootConfig.isName(s[2])) {
            HttpRoute.Part part = HttpRoute.Part.of(s[3]);
            return part == null ? null : new HttpRoute.NodeImageFile(mac, s[2], part);
        }
        return null;
    }

    private static MacAddress mac(String text) {
        String decoded = decodeOrNull(text);
        try {
            return decoded == null ? null : MacAddress.parseEthernet(decoded);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String decodeOrNull(String text) {
        try {
            return decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Strict percent-decoding to UTF-8: a bad escape or bad UTF-8 is an error, never passed through. */
    static String decode(String s) {
        // ASCII without an escape is its own decoding (nearly every request's path): no copy, no decoder.
        int plain = 0;
        while (plain < s.length() && s.charAt(plain) < 0x80 && s.charAt(plain) != '%') {
            plain++;
        }
        if (plain == s.length()) {
            return s;
        }
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
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(out, 0, n)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("escape: not UTF-8", e);
        }
    }

    /** Percent-encodes UTF-8, keeping RFC 3986's unreserved characters and {@code /}. */
    static String encode(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }
}
