package org.bootnode.server.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The {@code admin} section: where the admin listener (the API, {@code /metrics}, the web page)
 * listens, and how it is guarded. Absent from the file, it is {@link #defaults()}: loopback
 * only, no TLS, no tokens. {@link ConfigReader} refuses a listen address off loopback unless
 * both {@code tls} and {@code tokens} are set.
 *
 * <pre>{@code
 * admin:
 *   listen: [127.0.0.1:9080, 192.0.2.5:9443]
 *   tls: { certificate: admin.pem, key: admin.key }
 *   tokens: tokens.yaml
 * }</pre>
 *
 * @param listen the addresses to listen on, at least one; a port 0 picks a free one
 * @param tls the PEM certificate chain and PKCS#8 key, or null for plain HTTP
 * @param tokens the token file ({@code docs/admin.md}), or null: every request may read and write
 */
public record AdminSection(List<InetSocketAddress> listen, Tls tls, Path tokens) {
    /** The default port. */
    public static final int DEFAULT_PORT = 9080;

    /**
     * {@code admin.tls}: the files are read at start and again at every reload.
     *
     * @param certificate the PEM certificate chain, the server's own first
     * @param key the PEM private key (PKCS#8: {@code BEGIN PRIVATE KEY})
     */
    public record Tls(Path certificate, Path key) {
        /** Checks the parts. */
        public Tls {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(key, "key");
        }
    }

    /** Checks the parts. */
    public AdminSection {
        listen = List.copyOf(listen);
        if (listen.isEmpty()) {
            throw new IllegalArgumentException("admin.listen: empty (expected: at least one host:port)");
        }
        for (InetSocketAddress a : listen) {
            if (a.isUnresolved()) {
                throw new IllegalArgumentException("admin.listen: " + a + " (expected: an address, not a name)");
            }
        }
    }

    /** {@code 127.0.0.1:9080}, no TLS, no tokens. */
    public static AdminSection defaults() {
        return new AdminSection(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), DEFAULT_PORT)), null, null);
    }

    /** Loopback only, on a port the system picks: for tests and embedders that read the port back. */
    public static AdminSection loopbackAnyPort() {
        return new AdminSection(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), null, null);
    }

    /** Whether every listen address is a loopback address. */
    public boolean loopbackOnly() {
        return listen.stream().allMatch(a -> a.getAddress().isLoopbackAddress());
    }
}
