package org.bootnode.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bootnode.server.metrics.ServerMetrics;
import org.bootnode.server.transport.Transports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin listener's HTTP server: a body up to 1 MiB reaches the handler and one over it is
 * 413; the boot listener's protocol checks hold (505 for another version); the handler runs on
 * the server's own threads, off the event loops.
 */
class AdminHttpServerTest {
    EventLoopGroup group;
    AdminHttpServer server;
    int port;

    @BeforeEach
    void start() {
        group = Transports.group(1, new DefaultThreadFactory("admin-test", true));
        server = AdminHttpServer.builder().listen(List.of(new InetSocketAddress("127.0.0.1", 0))).eventLoopGroup(group)
                .metrics(new ServerMetrics()).handler(Echo::new).start();
        port = server.addresses().get(0).getPort();
    }

    @AfterEach
    void stop() {
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /** Answers the body's length and the thread it ran on. */
    static final class Echo extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            byte[] body = (request.content().readableBytes() + " " + Thread.currentThread().getName()).getBytes(StandardCharsets.UTF_8);
            FullHttpResponse r = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
            r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length).set(HttpHeaderNames.CONNECTION, "close");
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }

    RawHttp.Response post(int length, boolean sendBody) throws IOException {
        try (Socket s = new Socket()) {
            s.setSoTimeout(10_000);
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/nodes HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: " + length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            if (sendBody) {
                out.write(new byte[length]);
            }
            out.flush();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            s.getInputStream().transferTo(all);
            return RawHttp.parse(all.toByteArray());
        }
    }

    @Test
    void aBodyOfUpToOneMebibyteReachesTheHandlerOffTheEventLoop() throws IOException {
        RawHttp.Response r = post(AdminHttpServer.MAX_BODY, true);
        assertEquals(200, r.status());
        assertTrue(r.text().matches(AdminHttpServer.MAX_BODY + " bootnode-admin-.*"), r.text());
    }

    /** Before: Netty's aggregator answered an empty 413; an API client reads every refusal as the API's error document. */
    @Test
    void aLargerBodyIs413AsTheApisErrorDocument() throws IOException {
        RawHttp.Response r = post(AdminHttpServer.MAX_BODY + 1, false);
        assertEquals(413, r.status());
        assertEquals("{\"error\":\"body over 1048576 bytes\",\"field\":null}\n", r.text());
        assertEquals("application/json", r.header("content-type"));
    }

    RawHttp.Response raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            s.getInputStream().transferTo(all);
            return RawHttp.parse(all.toByteArray());
        }
    }

    /** Before: plain text ("http version not supported"). */
    @Test
    void anotherHttpVersionIs505AsTheApisErrorDocument() throws IOException {
        RawHttp.Response r = raw("GET /metrics HTTP/2.0\r\nHost: t\r\n\r\n");
        assertEquals(505, r.status());
        assertEquals("{\"error\":\"http version not supported\",\"field\":null}\n", r.text());
        assertEquals("application/json", r.header("content-type"));
    }
}
