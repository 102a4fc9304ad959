package org.bootnode.server.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code http} section: scripts, kernels, initrds, the API and metrics.
 *
 * @param port the server port, 8080 by default
 * @param maxConnections connections open at once; more are closed at accept (1024 by default)
 * @param idleTimeout a connection that neither reads nor writes this long is closed (60 s)
 * @param sendBuffer each connection's socket send buffer in bytes (SO_SNDBUF; 512 KiB), or 0
 *     for the kernel's autotuning. A bounded buffer keeps each sendfile(2) small enough that
 *     the page-cache data is still in the CPU cache when the client copies it (measured on
 *     loopback: 64 downloads of 256 MiB went from 0.6x nginx with autotuning to about 1.0x).
 */
public record HttpSection(int port, int maxConnections, Duration idleTimeout, int sendBuffer) {
    /** The default port. */
    public static final int DEFAULT_PORT = 8080;
    /** The default bound on open connections. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    /** The default idle timeout. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** The default socket send buffer. */
    public static final int DEFAULT_SEND_BUFFER = 512 * 1024;

    /** The defaults. */
    public static HttpSection defaults() {
        return new HttpSection(DEFAULT_PORT, DEFAULT_MAX_CONNECTIONS, DEFAULT_IDLE_TIMEOUT, DEFAULT_SEND_BUFFER);
    }

    /** The given port, bound and timeout, with the default send buffer. */
    public HttpSection(int port, int maxConnections, Duration idleTimeout) {
        this(port, maxConnections, idleTimeout, DEFAULT_SEND_BUFFER);
    }

    /** Checks the parts. */
    public HttpSection {
        BootConfig.checkPort("http.port", port);
        if (maxConnections < 1) {
            throw new IllegalArgumentException("http.max-connections: " + maxConnections + " (expected: 1 or more)");
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (sendBuffer < 0 || sendBuffer > 64 * 1024 * 1024) {
            throw new IllegalArgumentException("http.send-buffer: " + sendBuffer + " (expected: 0..64 MiB, 0 for the kernel's autotuning)");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("http.idle-timeout: " + idleTimeout + " (expected: more than 0)");
        }
    }
}
