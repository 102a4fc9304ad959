package org.bootnode.server.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * How a listener words the refusals of the handlers both listeners share (a request the codec
 * could not parse, one not complete in time, a body over the bound): plain text on the boot
 * listener, the admin API's error document ({@code {"error", "field"}}) on the admin listener,
 * so that an API client reads every refusal the same way. Each closes the connection.
 */
enum Refusals {
    /** {@code text/plain}: the reason, a line. */
    TEXT,
    /** {@code application/json}: {@code {"error": reason, "field": null}}. */
    JSON;

    /** The response refusing with {@code status}; {@code reason} is plain ASCII of this code's own. */
    FullHttpResponse response(HttpResponseStatus status, String reason) {
        byte[] body = (this == JSON ? "{\"error\":\"" + reason + "\",\"field\":null}\n" : reason + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, this == JSON ? "application/json" : "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return r;
    }
}
