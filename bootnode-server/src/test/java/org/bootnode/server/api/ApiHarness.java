package org.bootnode.server.api;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Requests to an {@link AdminApi} over an {@link EmbeddedChannel}: no socket, the loop driven by the test. */
final class ApiHarness {
    /** One answer: status, headers, body. */
    record Answer(int status, HttpResponse head, String body) {
        Object json() {
            return Json.parse(body);
        }

        String header(CharSequence name) {
            return head.headers().get(name);
        }
    }

    private final AdminApi api;

    ApiHarness(AdminApi api) {
        this.api = api;
    }

    /** A channel whose requests the API answers with {@code access}. */
    EmbeddedChannel channel(Access access) {
        return new EmbeddedChannel(new SimpleChannelInboundHandler<FullHttpRequest>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                api.handle(ctx, request, access);
            }
        });
    }

    Answer send(HttpMethod method, String uri, String body, Access access, Map<String, String> headers) {
        EmbeddedChannel ch = channel(access);
        try {
            ch.writeInbound(request(method, uri, body, headers));
            return await(ch);
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    Answer get(String uri) {
        return send(HttpMethod.GET, uri, null, Access.READ, Map.of());
    }

    static FullHttpRequest request(HttpMethod method, String uri, String body, Map<String, String> headers) {
        ByteBuf content = body == null ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri, content);
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        headers.forEach((k, v) -> r.headers().set(k, v));
        return r;
    }

    /** The answer on {@code ch}, waiting (bounded) for one written from another thread. */
    static Answer await(EmbeddedChannel ch) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            ch.runPendingTasks();
            Object out = ch.readOutbound();
            if (out instanceof FullHttpResponse r) {
                try {
                    return new Answer(r.status().code(), r, r.content().toString(StandardCharsets.UTF_8));
                } finally {
                    r.release();
                }
            }
            if (out != null) {
                throw new AssertionError("not a full response: " + out);
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no answer within 20 s");
    }

    /** The text of every chunk written so far on an event stream. */
    static String drainText(EmbeddedChannel ch) {
        ch.runPendingTasks();
        StringBuilder out = new StringBuilder();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            if (o instanceof HttpContent c) {
                out.append(c.content().toString(StandardCharsets.UTF_8));
                c.release();
            }
        }
        return out.toString();
    }
}
