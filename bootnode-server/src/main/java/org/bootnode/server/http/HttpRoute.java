package org.bootnode.server.http;

import org.bootnode.dhcp.MacAddress;

/**
 * What a request path asks for (DESIGN.md's HTTP contract), decided from the path alone.
 *
 * <pre>
 * /boot/{mac}.ipxe            NodeScript     MAC in colon or dash form, any case
 * /boot.ipxe                  GenericScript
 * /images/{image}/kernel      ImageFile
 * /images/{image}/initrd      ImageFile
 * /tftp/{file}                TftpFile       raw (still encoded) rest of the path
 * /api/nodes                  Nodes
 * /api/nodes/{mac}/booted     Booted
 * /metrics                    Metrics
 * </pre>
 */
sealed interface HttpRoute {
    /** {@code /boot/{mac}.ipxe}. */
    record NodeScript(MacAddress mac) implements HttpRoute {}

    /** {@code /boot.ipxe}. */
    record GenericScript() implements HttpRoute {}

    /** {@code /images/{image}/kernel} or {@code /initrd}. */
    record ImageFile(String image, boolean kernel) implements HttpRoute {}

    /** {@code /tftp/{file}}; {@code raw} is still percent-encoded. */
    record TftpFile(String raw) implements HttpRoute {}

    /** {@code /api/nodes}. */
    record Nodes() implements HttpRoute {}

    /** {@code /api/nodes/{mac}/booted}. */
    record Booted(MacAddress mac) implements HttpRoute {}

    /** {@code /metrics}. */
    record Metrics() implements HttpRoute {}

    /** Anything else. */
    record NotFound() implements HttpRoute {}

    /** The route of a request URI (path and optional query; the query is ignored). */
    static HttpRoute of(String uri) {
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
            return new GenericScript();
        }
        if (path.equals("/metrics")) {
            return new Metrics();
        }
        if (path.equals("/api/nodes") || path.equals("/api/nodes/")) {
            return new Nodes();
        }
        if (path.startsWith("/tftp/")) {
            return new TftpFile(path.substring("/tftp/".length()));
        }
        if (path.startsWith("/boot/") && path.endsWith(".ipxe")) {
            MacAddress mac = mac(path.substring("/boot/".length(), path.length() - ".ipxe".length()));
            return mac == null ? new NotFound() : new NodeScript(mac);
        }
        if (path.startsWith("/api/nodes/") && path.endsWith("/booted")) {
            MacAddress mac = mac(path.substring("/api/nodes/".length(), path.length() - "/booted".length()));
            return mac == null ? new NotFound() : new Booted(mac);
        }
        if (path.startsWith("/images/")) {
            String rest = path.substring("/images/".length());
            int slash = rest.indexOf('/');
            if (slash > 0) {
                String image = rest.substring(0, slash);
                String part = rest.substring(slash + 1);
                if (image.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}") && (part.equals("kernel") || part.equals("initrd"))) {
                    return new ImageFile(image, part.equals("kernel"));
                }
            }
        }
        return new NotFound();
    }

    private static MacAddress mac(String text) {
        try {
            // iPXE may send the colons as %3A when a script escapes the MAC with :uristring.
            return MacAddress.parseEthernet(TftpRootPath.percentDecode(text));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
