package org.bootnode.server.admin;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.bootnode.server.config.AdminSection;

/**
 * The admin listener's TLS context, built from the PEM files of {@code admin.tls} and swapped
 * whole by {@link #reload}: each new connection takes the context current at its accept.
 */
public final class AdminTls implements Supplier<SslContext> {
    private final AdminSection.Tls files;
    private final AtomicReference<SslContext> current;

    private AdminTls(AdminSection.Tls files, SslContext first) {
        this.files = files;
        this.current = new AtomicReference<>(first);
    }

    /**
     * Loads the files.
     *
     * @throws IllegalArgumentException one line naming the file that could not be used
     */
    public static AdminTls load(AdminSection.Tls files) {
        return new AdminTls(files, context(files));
    }

    /**
     * Reads the files again and swaps the context.
     *
     * @throws IllegalArgumentException when they cannot be used; the old context stays
     */
    public void reload() {
        current.set(context(files));
    }

    @Override
    public SslContext get() {
        return current.get();
    }

    /** A server context from the PEM chain and PKCS#8 key. */
    static SslContext context(AdminSection.Tls files) {
        try {
            return SslContextBuilder.forServer(files.certificate().toFile(), files.key().toFile()).build();
        } catch (SSLException | IllegalArgumentException e) {
            Throwable why = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException("admin.tls: cannot use " + files.certificate() + " and " + files.key()
                    + ": " + why.getMessage() + " (expected: a PEM certificate chain and a PEM PKCS#8 key,"
                    + " 'BEGIN PRIVATE KEY'; openssl pkey converts others)", e);
        }
    }
}
