package org.bootnode.server.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bootnode.server.api.Json;
import org.bootnode.server.log.LogText;

/**
 * The CLI's side of the admin API: java.net.http with the token as {@code Authorization: Bearer},
 * a bounded wait for each answer, and the API's refusal ({@code {"error","field"}}) turned into
 * one line. A token is sent, never printed.
 */
final class ApiClient {
    private static final Duration CONNECT = Duration.ofSeconds(5);
    private static final Duration ANSWER = Duration.ofSeconds(30);
    /**
     * What the CLI reads: the server's own documents, which may be large (/api/nodes of 10,000
     * nodes is several MiB), so bounded far above the API's 1 MiB for what it is sent.
     */
    private static final ObjectMapper READER = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxDocumentLength(256L << 20).maxStringLength(16 << 20)
                    .maxNestingDepth(64).build())
            .build()).build();

    /** Why a command could not do its work: the one line it prints, with exit code 1. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    /** A usage mistake (bad URL, unreadable token file): exit code 2. */
    static final class Usage extends Exception {
        Usage(String message) {
            super(message, null, false, false);
        }
    }

    /** An answer: its status, its headers, its body. */
    record Answer(int status, Map<String, List<String>> headers, String body) {
        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        /** The body as a JSON document. */
        Object json() throws Failure {
            try {
                return parse(body);
            } catch (IOException e) {
                throw new Failure("the server's answer is not JSON: " + LogText.escape(e.getMessage()));
            }
        }
    }

    private final URI base;
    private final String token;
    private final HttpClient http;

    private ApiClient(URI base, String token, HttpClient http) {
        this.base = base;
        this.token = token;
        this.http = http;
    }

    /** A client for the options' URL, token and trusted certificates. */
    static ApiClient of(ApiOptions options) throws Usage {
        String text = options.url.endsWith("/") ? options.url.substring(0, options.url.length() - 1) : options.url;
        URI base;
        try {
            base = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new Usage("--url: " + LogText.escape(options.url) + " (expected: http://HOST:PORT or https://HOST:PORT)");
        }
        if (base.getScheme() == null || !(base.getScheme().equals("http") || base.getScheme().equals("https"))
                || base.getHost() == null) {
            throw new Usage("--url: " + LogText.escape(options.url) + " (expected: http://HOST:PORT or https://HOST:PORT)");
        }
        String token = null;
        if (options.tokenFile != null) {
            try (Stream<String> lines = Files.lines(options.tokenFile, StandardCharsets.UTF_8)) {
                token = lines.findFirst().map(String::strip).orElse("");
            } catch (IOException | UncheckedIOException e) {
                throw new Usage("--token-file: cannot read " + options.tokenFile + ": " + e.getMessage());
            }
            if (token.isEmpty() || token.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
                throw new Usage("--token-file: " + options.tokenFile + ": the first line is not a token");
            }
        }
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(CONNECT);
        if (options.cacert != null) {
            http.sslContext(trusting(options.cacert));
        }
        return new ApiClient(base, token, http.build());
    }

    /** An SSL context trusting exactly the PEM certificates in {@code file}. */
    private static SSLContext trusting(Path file) throws Usage {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca" + i++, c);
            }
            if (i == 0) {
                throw new Usage("--cacert: " + file + " holds no certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (IOException | GeneralSecurityException e) {
            throw new Usage("--cacert: cannot use " + file + ": " + e.getMessage());
        }
    }

    /** A JSON document from the server: maps in document order, lists, strings, numbers, booleans, null. */
    static Object parse(String json) throws IOException {
        return READER.readValue(json, Object.class);
    }

    /** The absolute URI of an API path. */
    URI uri(String path) {
        return URI.create(base + path);
    }

    /** A request to the API with the token set. */
    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    /** GET, requiring a 2xx answer. */
    Answer get(String path) throws Failure {
        return ok("GET", path, send(request(path).timeout(ANSWER).GET().build()));
    }

    /** A request with a JSON body (or none), requiring a 2xx answer. */
    Answer send(String method, String path, Object body, Map<String, String> headers) throws Failure {
        HttpRequest.Builder b = request(path).timeout(ANSWER).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(body)));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        return ok(method, path, send(b.build()));
    }

    /** Sends, turning a connection failure into one line. */
    Answer send(HttpRequest request) throws Failure {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new Failure("cannot reach " + request.uri() + ": " + LogText.escape(String.valueOf(e.getMessage() == null
                    ? e.toString() : e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
    }

    /** Streams the answer's lines (the event stream); the caller closes the stream. */
    HttpResponse<Stream<String>> lines(HttpRequest request) throws Failure {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new Failure("cannot reach " + request.uri() + ": " + LogText.escape(String.valueOf(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
    }

    /** The answer if 2xx, else its refusal as one line. */
    static Answer ok(String method, String path, Answer a) throws Failure {
        if (a.status() / 100 == 2) {
            return a;
        }
        throw new Failure(method + " " + LogText.escape(path) + ": " + refusal(a));
    }

    /** {@code 403 read-only token grafana may not POST (field: x)} from an answer. */
    static String refusal(Answer a) {
        String error = null;
        String field = null;
        try {
            if (parse(a.body()) instanceof Map<?, ?> doc) {
                error = doc.get("error") instanceof String s ? s : null;
                field = doc.get("field") instanceof String s ? s : null;
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: the status says enough
        }
        return a.status() + (error == null ? "" : " " + LogText.escape(error)) + (field == null ? "" : " (field: "
                + LogText.escape(field) + ")");
    }
}
