package org.bootnode.store.postgres.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import org.postgresql.Driver;

/**
 * Opens connections to one database with bounded waits: a connect timeout, a socket timeout (a
 * write to a database that stopped answering fails instead of hanging the writer), TCP keepalive.
 * Knows how to name the database in a message without its password.
 */
public final class Connector {
    private static final Pattern SECRET = Pattern.compile("(?i)([?&](?:ssl)?password=)[^&]*");

    private final String url;
    private final String user;
    private final String password;
    private final Duration connectTimeout;
    private final Duration socketTimeout;

    public Connector(String url, String user, String password, Duration connectTimeout, Duration socketTimeout) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.connectTimeout = connectTimeout;
        this.socketTimeout = socketTimeout;
    }

    /** A new connection in auto-commit mode. */
    public Connection open() throws SQLException {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", Long.toString(Math.max(1, connectTimeout.toSeconds())));
        p.setProperty("loginTimeout", Long.toString(Math.max(1, connectTimeout.toSeconds())));
        p.setProperty("socketTimeout", Long.toString(Math.max(1, socketTimeout.toSeconds())));
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("ApplicationName", "bootnode");
        Connection c = new Driver().connect(url, p);
        if (c == null) {
            throw new SQLException("not a PostgreSQL JDBC URL: " + redact(url));
        }
        return c;
    }

    /** The database and user for messages: the URL without any password in it. */
    public String describe() {
        return redact(url) + (user == null ? "" : " as user " + user);
    }

    /** A builder's {@code url}: pgjdbc's {@code jdbc:postgresql:...}, else refused (the password redacted). */
    public static String checkUrl(String url) {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("url: " + redact(url) + " (expected: jdbc:postgresql://host/database)");
        }
        return url;
    }

    /** The password in the first line of {@code file} (a configuration's password-file), without its line end. */
    public static String readPasswordFile(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            return nl < 0 ? text : text.substring(0, nl).replace("\r", "");
        } catch (IOException e) {
            throw new UncheckedIOException("password file " + file + ": " + e.getMessage(), e);
        }
    }

    /** A builder's {@code serverName}: 1 to 200 characters, stored with what the server writes. */
    public static String checkServerName(String serverName) {
        Objects.requireNonNull(serverName, "serverName");
        if (serverName.isEmpty() || serverName.length() > 200) {
            throw new IllegalArgumentException("serverName: " + serverName.length() + " characters (expected: 1..200)");
        }
        return serverName;
    }

    /** {@code url} with the values of {@code password} and {@code sslpassword} parameters replaced. */
    public static String redact(String url) {
        return SECRET.matcher(url).replaceAll("$1***");
    }

    /** Whether {@code e} means the connection is gone (class 08, an administrator's shutdown 57P). */
    public static boolean isConnectionLoss(SQLException e, Connection conn) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
            return true;
        }
        try {
            return conn.isClosed();
        } catch (SQLException ignored) {
            return true;
        }
    }

    /** Closes {@code c}, ignoring failures: it is being dropped. */
    public static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Already broken: nothing left to release but the socket, which close released.
            }
        }
    }
}
