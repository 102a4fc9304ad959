package org.bootnode.server.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web page of the admin listener: a few plain files from the jar, read once when this is
 * built (never from disk on an event loop), answered from memory.
 *
 * <pre>
 * GET|HEAD /              index.html     text/html
 * GET|HEAD /ui/app.js     the page's script (no library, nothing fetched from elsewhere)
 * GET|HEAD /ui/app.css    its style sheet
 * GET|HEAD /ui/icon.svg   the tab's icon
 * anything else           404, and 405 for another method on one of the above
 * </pre>
 *
 * Each answer carries a strong {@code ETag} (a digest of the content) and
 * {@code Cache-Control: no-cache}, so a browser revalidates and gets a 304 until a new jar
 * serves new files; a {@code Content-Security-Policy} allows only this origin's own script,
 * style and connections.
 */
public final class WebAssets {
    /** Only the page's own files, and its API calls, from this origin; no framing, no inline script. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /** A file of the page: its resource name beside this class, and its content type. */
    private record Source(String resource, String type) {}

    /** Request path to file: every file the page has, and nothing else. */
    private static final Map<String, Source> FILES = Map.of(
            "/", new Source("index.html", "text/html; charset=utf-8"),
            "/ui/app.js", new Source("app.js", "text/javascript; charset=utf-8"),
            "/ui/app.css", new Source("app.css", "text/css; charset=utf-8"),
            "/ui/icon.svg", new Source("icon.svg", "image/svg+xml"));

    private static final byte[] NOT_FOUND = "{\"error\":\"not found\"}\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOT_ALLOWED = "{\"error\":\"method not allowed\"}\n".getBytes(StandardCharsets.US_ASCII);

    /** One file held in memory, with what its answer says about it. */
    record Asset(byte[] body, String type, String etag) {}

    private final Map<String, Asset> assets;

    /**
     * Reads the page's files from the jar, once: build this when the server starts, not on an
     * event loop.
     *
     * @throws UncheckedIOException when one is missing: a jar built without them is broken
     */
    public WebAssets() {
        this(fromJar());
    }

    /** Assets from memory, for tests: request path to the file. */
    WebAssets(Map<String, Asset> assets) {
        this.assets = Map.copyOf(assets);
    }

    private static Map<String, Asset> fromJar() {
        Map<String, Asset> assets = new LinkedHashMap<>();
        FILES.forEach((path, source) -> assets.put(path, asset(read(source.resource()), source.type())));
        return assets;
    }

    static Asset asset(byte[] body, String type) {
        return new Asset(body, type, "\"" + HexFormat.of().formatHex(sha256(body), 0, 12) + "\"");
    }

    /**
     * Answers GET or HEAD of {@code /} and {@code /ui/{file}}; 404 for anything else, 405 for
     * another method on a file that exists. The caller keeps ownership of {@code request}.
     */
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpResponse response = answer(request);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        ctx.writeAndFlush(response).addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
    }

    /** The answer to {@code request}, decided from the request alone. */
    FullHttpResponse answer(FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        Asset asset = assets.get(path);
        HttpMethod method = request.method();
        boolean head = method.equals(HttpMethod.HEAD);
        if (asset == null) {
            return error(request, HttpResponseStatus.NOT_FOUND, NOT_FOUND, head);
        }
        if (!head && !method.equals(HttpMethod.GET)) {
            FullHttpResponse r = error(request, HttpResponseStatus.METHOD_NOT_ALLOWED, NOT_ALLOWED, false);
            r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            return r;
        }
        if (matches(request.headers().get(HttpHeaderNames.IF_NONE_MATCH), asset.etag())) {
            FullHttpResponse r = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.NOT_MODIFIED);
            headers(r.headers(), asset).set(HttpHeaderNames.CONTENT_LENGTH, 0);
            return r;
        }
        ByteBuf body = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(asset.body());
        FullHttpResponse r = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK, body);
        headers(r.headers(), asset)
                .set(HttpHeaderNames.CONTENT_TYPE, asset.type())
                .set(HttpHeaderNames.CONTENT_LENGTH, asset.body().length);
        return r;
    }

    private static HttpHeaders headers(HttpHeaders headers, Asset asset) {
        return headers.set(HttpHeaderNames.ETAG, asset.etag())
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY)
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer");
    }

    private static FullHttpResponse error(FullHttpRequest request, HttpResponseStatus status, byte[] json, boolean head) {
        ByteBuf body = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(json);
        FullHttpResponse r = new DefaultFullHttpResponse(request.protocolVersion(), status, body);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .set(HttpHeaderNames.CONTENT_LENGTH, json.length)
                .set("X-Content-Type-Options", "nosniff");
        return r;
    }

    /** RFC 9110 §13.1.2: If-None-Match compares weakly, lists several tags, or is {@code *}. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] read(String name) {
        try (InputStream in = WebAssets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("web page file missing from the jar: " + name));
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
