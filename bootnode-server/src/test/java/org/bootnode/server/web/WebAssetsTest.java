package org.bootnode.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class WebAssetsTest {
    private final WebAssets assets = new WebAssets();

    private FullHttpResponse ask(HttpMethod method, String uri, String ifNoneMatch) {
        EmbeddedChannel channel = new EmbeddedChannel(new SimpleChannelInboundHandler<FullHttpRequest>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                assets.handle(ctx, request);
            }
        });
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri);
        if (ifNoneMatch != null) {
            request.headers().set(HttpHeaderNames.IF_NONE_MATCH, ifNoneMatch);
        }
        channel.writeInbound(request);
        FullHttpResponse response = channel.readOutbound();
        assertNotNull(response, () -> method + " " + uri + ": no answer");
        assertEquals(0, request.refCnt(), "the caller's handler released the request");
        channel.finishAndReleaseAll();
        return response;
    }

    private static String body(FullHttpResponse r) {
        try {
            return r.content().toString(StandardCharsets.UTF_8);
        } finally {
            r.release();
        }
    }

    @Test
    void rootIsThePageWithAStrongEtagNoCacheAndAPolicyThatAllowsOnlyThisOrigin() {
        FullHttpResponse r = ask(HttpMethod.GET, "/", null);
        assertEquals(HttpResponseStatus.OK, r.status());
        assertEquals("text/html; charset=utf-8", r.headers().get(HttpHeaderNames.CONTENT_TYPE));
        assertEquals("no-cache", r.headers().get(HttpHeaderNames.CACHE_CONTROL));
        assertTrue(r.headers().get(HttpHeaderNames.ETAG).matches("\"[0-9a-f]{24}\""), r.headers().get(HttpHeaderNames.ETAG));
        assertEquals(WebAssets.CONTENT_SECURITY_POLICY, r.headers().get(HttpHeaderNames.CONTENT_SECURITY_POLICY));
        assertEquals("nosniff", r.headers().get("X-Content-Type-Options"));
        assertTrue(HttpUtil.isKeepAlive(r));
        String html = body(r);
        assertTrue(html.startsWith("<!doctype html>"), html);
        assertEquals(html.getBytes(StandardCharsets.UTF_8).length, Integer.parseInt(r.headers().get(HttpHeaderNames.CONTENT_LENGTH)));
    }

    @Test
    void eachFileHasItsContentTypeAndAQueryDoesNotMatter() {
        assertEquals("text/javascript; charset=utf-8", type("/ui/app.js"));
        assertEquals("text/css; charset=utf-8", type("/ui/app.css"));
        assertEquals("image/svg+xml", type("/ui/icon.svg"));
        assertEquals("text/html; charset=utf-8", type("/?group=compute"));
    }

    private String type(String uri) {
        FullHttpResponse r = ask(HttpMethod.GET, uri, null);
        assertEquals(HttpResponseStatus.OK, r.status(), uri);
        r.release();
        return r.headers().get(HttpHeaderNames.CONTENT_TYPE);
    }

    @Test
    void headHasTheHeadersOfGetAndNoBody() {
        FullHttpResponse get = ask(HttpMethod.GET, "/ui/app.js", null);
        FullHttpResponse head = ask(HttpMethod.HEAD, "/ui/app.js", null);
        assertEquals(HttpResponseStatus.OK, head.status());
        assertEquals(get.headers().get(HttpHeaderNames.CONTENT_LENGTH), head.headers().get(HttpHeaderNames.CONTENT_LENGTH));
        assertEquals(get.headers().get(HttpHeaderNames.ETAG), head.headers().get(HttpHeaderNames.ETAG));
        assertEquals(0, head.content().readableBytes());
        get.release();
        head.release();
    }

    @Test
    void aMatchingIfNoneMatchGets304AndAnotherTagTheFile() {
        FullHttpResponse first = ask(HttpMethod.GET, "/ui/app.css", null);
        String etag = first.headers().get(HttpHeaderNames.ETAG);
        first.release();
        for (String header : List.of(etag, "W/" + etag, "\"other\", " + etag, "*")) {
            FullHttpResponse r = ask(HttpMethod.GET, "/ui/app.css", header);
            assertEquals(HttpResponseStatus.NOT_MODIFIED, r.status(), header);
            assertEquals(etag, r.headers().get(HttpHeaderNames.ETAG));
            assertEquals(0, r.content().readableBytes());
            r.release();
        }
        FullHttpResponse r = ask(HttpMethod.GET, "/ui/app.css", "\"other\"");
        assertEquals(HttpResponseStatus.OK, r.status());
        r.release();
    }

    @Test
    void anythingElseIs404InJsonAndAnotherMethodIs405() {
        for (String uri : List.of("/ui/", "/ui/nope.js", "/index.html", "/ui/../app.js", "/ui/app.js/", "/UI/app.js")) {
            FullHttpResponse r = ask(HttpMethod.GET, uri, null);
            assertEquals(HttpResponseStatus.NOT_FOUND, r.status(), uri);
            assertEquals("application/json", r.headers().get(HttpHeaderNames.CONTENT_TYPE));
            assertEquals("{\"error\":\"not found\"}\n", body(r));
        }
        FullHttpResponse post = ask(HttpMethod.POST, "/", null);
        assertEquals(HttpResponseStatus.METHOD_NOT_ALLOWED, post.status());
        assertEquals("GET, HEAD", post.headers().get(HttpHeaderNames.ALLOW));
        assertEquals("{\"error\":\"method not allowed\"}\n", body(post));
    }

    @Test
    void aRequestAskingToCloseGetsItsAnswerAndTheConnectionCloses() {
        EmbeddedChannel channel = new EmbeddedChannel(new SimpleChannelInboundHandler<FullHttpRequest>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                assets.handle(ctx, request);
            }
        });
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ui/icon.svg");
        HttpUtil.setKeepAlive(request, false);
        channel.writeInbound(request);
        FullHttpResponse r = channel.readOutbound();
        assertEquals(HttpResponseStatus.OK, r.status());
        assertFalse(HttpUtil.isKeepAlive(r));
        r.release();
        assertFalse(channel.isOpen());
    }

    /** The page loads nothing from elsewhere: every src and href is one of this server's files or a fragment. */
    @Test
    void everyFileThePageNamesIsServedAndNoneIsFromElsewhere() {
        String html = body(ask(HttpMethod.GET, "/", null));
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
        List<String> named = new ArrayList<>();
        while (m.find()) {
            named.add(m.group(1));
        }
        assertTrue(named.contains("/ui/app.js") && named.contains("/ui/app.css"), named.toString());
        for (String url : named) {
            if (url.startsWith("#")) {
                continue;
            }
            assertTrue(url.startsWith("/ui/"), () -> "the page names " + url);
            FullHttpResponse r = ask(HttpMethod.GET, url, null);
            assertEquals(HttpResponseStatus.OK, r.status(), url);
            r.release();
        }
        String js = body(ask(HttpMethod.GET, "/ui/app.js", null));
        assertFalse(js.contains("http://") || js.contains("https://") || js.contains("import("), "app.js fetches only /api/...");
    }
}
