package org.bootnode.server;

import java.net.Inet4Address;
import org.bootnode.dhcp.MacAddress;

/**
 * The absolute URLs handed to nodes: {@code http://HOST:PORT} and a {@link HttpRoute}'s path,
 * where HOST is the head node's address on the private network and PORT the bound HTTP port.
 *
 * @param host the address or name nodes reach the server at, e.g. {@code 10.0.0.1}
 * @param port the HTTP port, 1..65535
 */
public record BootUrls(String host, int port) {
    /** Checks the parts. */
    public BootUrls {
        if (host == null || host.isEmpty() || !host.matches("[A-Za-z0-9.\\-]+")) {
            throw new IllegalArgumentException("host: " + host + " (expected: an IPv4 address or a host name)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
    }

    /** The URLs of a server at this address and port. */
    public static BootUrls of(Inet4Address address, int port) {
        return new BootUrls(address.getHostAddress(), port);
    }

    /** {@code http://HOST:PORT}, no trailing slash. */
    public String base() {
        return "http://" + host + ":" + port;
    }

    /** The absolute URL of a route. */
    public String url(HttpRoute route) {
        return base() + route.path();
    }

    /** {@code /nodes/MAC/boot.ipxe}: where DHCP sends a node's iPXE. */
    public String nodeScript(MacAddress mac) {
        return url(new HttpRoute.NodeScript(mac));
    }

    /** The URL of a node's script up to its MAC, {@code http://HOST:PORT/nodes/}. */
    public String nodeScriptPrefix() {
        return base() + HttpRoute.NODES;
    }

    /** What follows the MAC in a node's script URL, {@code /boot.ipxe}. */
    public String nodeScriptSuffix() {
        return HttpRoute.SCRIPT_SUFFIX;
    }

    /** {@code /nodes/${net0/mac}/boot.ipxe}: iPXE fills in the MAC (for log lines and docs). */
    public String nodeScriptTemplate() {
        return nodeScriptPrefix() + "${net0/mac}" + nodeScriptSuffix();
    }

    /** {@code /boot.ipxe}. */
    public String genericScript() {
        return url(new HttpRoute.GenericScript());
    }

    /** {@code /nodes/MAC/booted}: the image's init reports success here. */
    public String booted(MacAddress mac) {
        return url(new HttpRoute.Booted(mac));
    }

    /** {@code /tftp/FILE}: the TFTP root over HTTP. */
    public String tftpFile(String file) {
        return url(new HttpRoute.TftpFile(file));
    }
}
