package org.bootnode.server.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code store} section: where DHCP keeps its leases. Absent, the leases stay in the journal
 * file in {@code server.data-dir} (one head node). With {@code postgres}, every head node given
 * the same database shares one lease table (bootnode-store-postgres): no address is given to two
 * clients, and a client that rebinds with another head node keeps its address.
 *
 * <pre>{@code
 * store:
 *   postgres: { url: "jdbc:postgresql://db/bootnode", user: bootnode, password-file: pg.pass }
 * }</pre>
 *
 * @param postgres the shared PostgreSQL database
 */
public record StoreSection(Postgres postgres) {
    /** Checks the required part. */
    public StoreSection {
        Objects.requireNonNull(postgres, "postgres");
    }

    /**
     * {@code store.postgres}: the database every head node shares.
     *
     * @param url pgjdbc's {@code jdbc:postgresql://host[:port]/database[?parameters]}, without a password
     * @param user the database user, or null for pgjdbc's default (the operating-system user)
     * @param passwordFile the file whose first line is the password (readable by the server, not
     *     by everyone), or null for none (trust or peer authentication)
     */
    public record Postgres(String url, String user, Path passwordFile) {
        /** Checks the URL's scheme. */
        public Postgres {
            Objects.requireNonNull(url, "url");
            if (!url.startsWith("jdbc:postgresql:")) {
                // Not echoed: a URL may carry a password.
                throw new IllegalArgumentException("url: not a PostgreSQL JDBC URL (expected: jdbc:postgresql://host/database)");
            }
        }

        @Override
        public String toString() {
            // The URL may carry parameters; never print a password, even one that slipped in.
            return "Postgres[url=" + url.replaceAll("(?i)(password=)[^&]*", "$1***") + ", user=" + user
                    + ", passwordFile=" + passwordFile + "]";
        }
    }
}
