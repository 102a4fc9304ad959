package org.bootnode.server.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code http} section: scripts, kernels, initrds, the API and metrics.
 *
 * @param port the server port, 8080 by default
 * @param maxConnections connections open at once; more are closed at accept (1024 by default)
 * @param idleTimeout a connection that neither reads nor writes this long is closed (60 s)
 */
public record HttpSection(int port, int maxConnections, Duration idleTimeout) {
    /** The default port. */
    public static final int DEFAULT_PORT = 8080;
    /** The default bound on open connections. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    /** The default idle timeout. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    /** The defaults. */
    public static HttpSection defaults() {
        return new HttpSection(DEFAULT_PORT, DEFAULT_MAX_CONNECTIONS, DEFAULT_IDLE_TIMEOUT);
    }

    /** Checks the parts. */
    public HttpSection {
        BootConfig.checkPort("http.port", port);
        if (maxConnections < 1) {
            throw new IllegalArgumentException("http.max-connections: " + maxConnections + " (expected: 1 or more)");
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("http.idle-timeout: " + idleTimeout + " (expected: more than 0)");
        }
    }
}
