package org.bootnode.server.admin;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.bootnode.server.api.AdminApi;
import org.bootnode.server.config.AdminSection;
import org.bootnode.server.config.ConfigException;
import org.bootnode.server.config.Tokens;
import org.bootnode.server.http.AdminHttpServer;
import org.bootnode.server.metrics.ServerMetrics;
import org.bootnode.server.web.WebAssets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin listener (docs/admin.md): the API, {@code /metrics} and the web page, on the
 * addresses of {@code admin.listen}, behind TLS and bearer tokens when configured. Owns its
 * HTTP server, its TLS context and its tokens; {@link #reload} reads the certificate, key and
 * token files again and keeps what it had when one of them is bad.
 */
public final class AdminListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("org.bootnode.server.admin");

    private final AdminSection section;
    private final AdminTls tls;
    private final AtomicReference<Tokens> tokens;
    private final AdminHttpServer server;

    private AdminListener(AdminSection section, AdminTls tls, Tokens tokens, AdminHttpServer.Builder http, AdminApi api,
            WebAssets web, ServerMetrics metrics) {
        this.section = section;
        this.tls = tls;
        this.tokens = new AtomicReference<>(tokens);
        this.server = http.tls(tls).handler(() -> new AdminRouter(this.tokens::get, api, web, metrics)).start();
    }

    /**
     * Reads the TLS and token files and starts listening.
     *
     * @throws IllegalArgumentException a TLS or token file that cannot be used, in one line
     * @throws java.io.UncheckedIOException an address that cannot be bound
     */
    public static AdminListener start(AdminSection section, EventLoopGroup group, AdminApi api, WebAssets web,
            ServerMetrics metrics) {
        Objects.requireNonNull(section, "section");
        AdminTls tls = section.tls() == null ? null : AdminTls.load(section.tls());
        Tokens tokens = null;
        if (section.tokens() != null) {
            try {
                tokens = Tokens.read(section.tokens());
            } catch (ConfigException e) {
                throw new IllegalArgumentException("admin.tokens: " + e.getMessage().replace('\n', ';'), e);
            }
        }
        AdminHttpServer.Builder http = AdminHttpServer.builder().listen(section.listen()).eventLoopGroup(group).metrics(metrics);
        AdminListener listener = new AdminListener(section, tls, tokens, http, api, web, metrics);
        log.info("admin: listening on {}{}{}", listener.addresses().stream()
                        .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).toList(),
                tls == null ? ", plain HTTP" : ", TLS", tokens == null ? ", no tokens" : ", " + tokens.all().size() + " tokens");
        return listener;
    }

    /** The bound addresses (real ports where 0 was asked for). */
    public List<InetSocketAddress> addresses() {
        return server.addresses();
    }

    /**
     * Reads the certificate, key and token files again. A file that cannot be used is logged and
     * what was loaded before stays; the other file is still reloaded.
     */
    public void reload() {
        if (tls != null) {
            try {
                tls.reload();
                log.info("admin: TLS certificate reloaded from {}", section.tls().certificate());
            } catch (IllegalArgumentException e) {
                log.error("admin: TLS reload refused, keeping the running certificate: {}", e.getMessage());
            }
        }
        if (section.tokens() != null) {
            try {
                Tokens fresh = Tokens.read(section.tokens());
                tokens.set(fresh);
                log.info("admin: {} tokens reloaded from {}", fresh.all().size(), section.tokens());
            } catch (ConfigException e) {
                log.error("admin: token reload refused, keeping the running tokens:\n{}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
