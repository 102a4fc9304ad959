package org.bootnode.server.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code http} section: scripts, kernels, initrds, the API and metrics.
 *
 * @param port the server port, 8080 by default
 * @param maxConnections connections open at once; more are closed at accept (16,384 by default)
 * @param idleTimeout a connection that neither reads nor writes this long is closed (60 s)
 * @param sendBuffer each connection's socket send buffer in bytes (SO_SNDBUF), or 0 (the default)
 *     for the kernel's autotuning. A fixed buffer is never shrunk by the kernel: with thousands
 *     of downloads at once their buffers pass the kernel's TCP memory limit ({@code tcp_mem}),
 *     and then every acknowledgement wakes the sender for a sendfile(2) that fails (bench/http,
 *     2,000 downloads at once: 4x nginx's system time per byte, 40 failed calls per one that
 *     sent). Autotuned buffers shrink under that pressure, as nginx's do
 * @param headerTimeout a deadline for a whole request (head and body, if any), counted from its
 *     first byte (on a new connection, from the accept): a client that sends slowly is answered
 *     408 and closed however often it sends a byte (10 s; nginx's {@code client_header_timeout})
 * @param maxConnectionsPerAddress connections open at once from one client address (an IPv6
 *     client: from its /64); more are closed at accept (16 by default; nginx's
 *     {@code limit_conn}). A node opens one or two, so a boot storm never reaches it, but one
 *     host cannot take every connection
 * @param unsentLimit how many bytes a connection may hold written but not yet sent
 *     (TCP_NOTSENT_LOWAT; 2 MiB), or 0 for no limit. It bounds each sendfile(2), so that the
 *     file's pages are still in the CPU cache when the client copies them (bench/http, 64
 *     downloads of 256 MiB on loopback: 0.6x nginx with autotuning alone, about 0.8-0.9x with a
 *     limit), without fixing the buffer's size. Not lower: at 512 KiB a boot storm's thousand
 *     downloads cost the loop half again as much CPU, and its small requests waited behind them
 *     (bench/storm, 1,000 nodes: the HTTP loop's CPU 5.1 s against 3.4 s, a script 0.5 s at the
 *     median against 0.03 s). Linux's native transport only: elsewhere it is not applied
 * @param threads the boot listener's own event loops, apart from DHCP's and TFTP's, so that a
 *     script or a kernel's sendfile(2) never waits behind TFTP's blocks, nor a TFTP round trip
 *     behind sendfile; 0 (the default) for {@link #defaultThreads(int)} of the machine's cores
 */
public record HttpSection(int port, int maxConnections, Duration idleTimeout, int sendBuffer,
        Duration headerTimeout, int maxConnectionsPerAddress, int unsentLimit, int threads) {
    /** The default port. */
    public static final int DEFAULT_PORT = 8080;
    /**
     * The default bound on open connections: 16,384, so that every node of a 10,000-node storm
     * can hold its download at once (each holds one connection at a time; the per-address bound
     * stops one client from taking many). The open-file limit must allow it.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 16_384;
    /** The default idle timeout. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** The default socket send buffer: 0, the kernel's autotuning. */
    public static final int DEFAULT_SEND_BUFFER = 0;
    /** The default bound on a connection's bytes written but not yet sent. */
    public static final int DEFAULT_UNSENT_LIMIT = 2 * 1024 * 1024;
    /** The largest send buffer or unsent limit. */
    private static final int MAX_BUFFER = 64 * 1024 * 1024;
    /** The default deadline for a whole request. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    /** The default bound on open connections from one address. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 16;
    /** The default event loops: 0, {@link #defaultThreads(int)}. */
    public static final int DEFAULT_THREADS = 0;
    /** The most event loops the listener may be given. */
    private static final int MAX_THREADS = 256;
    /** The most event loops the default gives: sendfile(2) is the kernel's work, a few loops fill a fast link. */
    private static final int MAX_DEFAULT_THREADS = 8;

    /** The defaults. */
    public static HttpSection defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this section. */
    public Builder toBuilder() {
        return new Builder().port(port).maxConnections(maxConnections).idleTimeout(idleTimeout).sendBuffer(sendBuffer)
                .headerTimeout(headerTimeout).maxConnectionsPerAddress(maxConnectionsPerAddress).unsentLimit(unsentLimit).threads(threads);
    }

    /** The given port, bound and timeout, with the default send buffer and request bounds. */
    public HttpSection(int port, int maxConnections, Duration idleTimeout) {
        this(port, maxConnections, idleTimeout, DEFAULT_SEND_BUFFER);
    }

    /** The given port, bound, timeout and send buffer, with the default request bounds. */
    public HttpSection(int port, int maxConnections, Duration idleTimeout, int sendBuffer) {
        this(port, maxConnections, idleTimeout, sendBuffer, DEFAULT_HEADER_TIMEOUT, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS);
    }

    /** The given parts, with the default unsent limit. */
    public HttpSection(int port, int maxConnections, Duration idleTimeout, int sendBuffer, Duration headerTimeout,
            int maxConnectionsPerAddress) {
        this(port, maxConnections, idleTimeout, sendBuffer, headerTimeout, maxConnectionsPerAddress, DEFAULT_UNSENT_LIMIT);
    }

    /** The given parts, with the default event loops. */
    public HttpSection(int port, int maxConnections, Duration idleTimeout, int sendBuffer, Duration headerTimeout,
            int maxConnectionsPerAddress, int unsentLimit) {
        this(port, maxConnections, idleTimeout, sendBuffer, headerTimeout, maxConnectionsPerAddress, unsentLimit,
                DEFAULT_THREADS);
    }

    /**
     * The event loops the listener gets with {@code threads: 0} on a machine of {@code cores}
     * cores: half of them, at least 1 and at most 8.
     */
    public static int defaultThreads(int cores) {
        return Math.max(1, Math.min(MAX_DEFAULT_THREADS, cores / 2));
    }

    /** The event loops the listener gets here: {@link #threads()}, or the default for this machine's cores. */
    public int effectiveThreads() {
        return threads > 0 ? threads : defaultThreads(Runtime.getRuntime().availableProcessors());
    }

    /** Checks the parts. */
    public HttpSection {
        BootConfig.checkPort("http.port", port);
        if (maxConnections < 1) {
            throw new IllegalArgumentException("http.max-connections: " + maxConnections + " (expected: 1 or more)");
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (sendBuffer < 0 || sendBuffer > MAX_BUFFER) {
            throw new IllegalArgumentException("http.send-buffer: " + sendBuffer + " (expected: 0..64 MiB, 0 for the kernel's autotuning)");
        }
        if (unsentLimit < 0 || unsentLimit > MAX_BUFFER) {
            throw new IllegalArgumentException("http.unsent-limit: " + unsentLimit + " (expected: 0..64 MiB, 0 for no limit)");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("http.idle-timeout: " + idleTimeout + " (expected: more than 0)");
        }
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        if (headerTimeout.isNegative() || headerTimeout.isZero()) {
            throw new IllegalArgumentException("http.header-timeout: " + headerTimeout + " (expected: more than 0)");
        }
        if (maxConnectionsPerAddress < 1) {
            throw new IllegalArgumentException("http.max-connections-per-address: " + maxConnectionsPerAddress
                    + " (expected: 1 or more)");
        }
        if (threads < 0 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("http.threads: " + threads + " (expected: 0.." + MAX_THREADS
                    + ", 0 for the default)");
        }
    }

    /** Builds an {@link HttpSection}; every part starts at its default. */
    public static final class Builder {
        private int port = DEFAULT_PORT;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int sendBuffer = DEFAULT_SEND_BUFFER;
        private Duration headerTimeout = DEFAULT_HEADER_TIMEOUT;
        private int maxConnectionsPerAddress = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
        private int unsentLimit = DEFAULT_UNSENT_LIMIT;
        private int threads = DEFAULT_THREADS;

        private Builder() {}

        /** The port (0: any free one). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Connections open at once. */
        public Builder maxConnections(int max) {
            this.maxConnections = max;
            return this;
        }

        /** Connections open at once from one address. */
        public Builder maxConnectionsPerAddress(int max) {
            this.maxConnectionsPerAddress = max;
            return this;
        }

        /** How long a connection may neither read nor write. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        /** The deadline for a whole request from its first byte. */
        public Builder headerTimeout(Duration timeout) {
            this.headerTimeout = timeout;
            return this;
        }

        /** The socket send buffer, 0 for the kernel's autotuning. */
        public Builder sendBuffer(int bytes) {
            this.sendBuffer = bytes;
            return this;
        }

        /** The bound on a connection's bytes written but not yet sent, 0 for none. */
        public Builder unsentLimit(int bytes) {
            this.unsentLimit = bytes;
            return this;
        }

        /** The boot listener's event loops, 0 for the default. */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /** The section; the parts are checked here. */
        public HttpSection build() {
            return new HttpSection(port, maxConnections, idleTimeout, sendBuffer, headerTimeout, maxConnectionsPerAddress,
                    unsentLimit, threads);
        }
    }
}
