package org.bootnode.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.bootnode.server.BootUrls;
import org.bootnode.server.HttpRoute;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.inventory.Inventory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's script request taken through the HTTP path once at start, on no socket: the codec
 * and the aggregator, the route, the renderer and bootnode-ipxe's script model. A fresh server
 * loaded 367 classes (the iPXE model 105 of them, HTTP's codec 102) for its first script
 * request and answered it in 30-40 ms against 4 for the next (bench/storm/LOG.md); after this,
 * the first node's request finds them loaded and initialised. Nothing reaches the timeline, the
 * metrics or the log; a renderer that fails here fails again on a real request, which reports it.
 */
final class HttpWarmup {
    private static final Logger log = LoggerFactory.getLogger(HttpWarmup.class);

    private HttpWarmup() {}

    static void run(HttpContext context, int maxInitialLine, int maxHeaderSize, int maxBody) {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec(maxInitialLine, maxHeaderSize, 8192),
                new RequestAggregator(maxBody));
        try {
            Inventory inventory = context.inventory().get();
            BootUrls urls = context.urls().get();
            Optional<NodeSpec> node = inventory.nodes().stream().findFirst();
            String path = node.map(n -> (HttpRoute) new HttpRoute.NodeScript(n.mac())).orElse(new HttpRoute.GenericScript()).path();
            channel.writeInbound(Unpooled.copiedBuffer("GET " + path + " HTTP/1.1\r\nHost: warm-up\r\n\r\n",
                    StandardCharsets.US_ASCII));
            FullHttpRequest request = channel.readInbound();
            try {
                HttpRoute.parse(request.uri());
                String script = node.isPresent()
                        ? context.renderer().nodeScript(node.get(), inventory.imageOf(node.get()),
                                inventory.failsafeFor(node.get()), urls)
                        : context.renderer().genericScript(urls);
                FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        Unpooled.copiedBuffer(script, StandardCharsets.UTF_8));
                response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
                channel.writeOutbound(response);
            } finally {
                request.release();
            }
            for (Object out; (out = channel.readOutbound()) != null; ) {
                ReferenceCountUtil.release(out);
            }
        } catch (RuntimeException e) {
            log.debug("http: warm-up failed, the first request will load what it needs", e);
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
