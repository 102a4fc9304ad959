package org.bootnode.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Netty's {@link HttpObjectAggregator} with a shortcut for a request that has no body, which is
 * nearly every request of a boot (GET and HEAD): it goes on at once as one full request that
 * shares the decoded request's headers, and the empty end the decoder hands on after it is
 * dropped. The aggregator would build the same request around a composite buffer, pass both
 * messages through its type checks and add {@code Content-Length: 0}; in a storm of cached
 * overlays that was a tenth of the Java work of an answer. A request with a body, with {@code
 * Expect} (100 Continue and 417 are the aggregator's), or that failed to decode goes through the
 * aggregator as before. One per connection.
 */
final class RequestAggregator extends HttpObjectAggregator {
    /** A request was passed on whole; its empty end is still to come from the decoder. */
    private boolean endOwed;

    RequestAggregator(int maxContentLength) {
        super(maxContentLength);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (endOwed && (msg == LastHttpContent.EMPTY_LAST_CONTENT || msg instanceof LastHttpContent)) {
            endOwed = false;
            // Netty's decoder ends a request without a body with its empty LastHttpContent at once.
            ReferenceCountUtil.release(msg);
            return;
        }
        // The decoder's own class, compared as a class: a type check against the interfaces
        // (HttpRequest, not HttpContent) takes JDK 17's slow path when it fails.
        if (msg.getClass() == DefaultHttpRequest.class && withoutBody((HttpRequest) msg)) {
            HttpRequest request = (HttpRequest) msg;
            endOwed = true;
            ctx.fireChannelRead(new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                    Unpooled.EMPTY_BUFFER, request.headers(), EmptyHttpHeaders.INSTANCE));
            return;
        }
        super.channelRead(ctx, msg);
    }

    /**
     * Whether the decoder will follow {@code request} with nothing but its empty end: RFC 9112
     * §6.3, a request without {@code Transfer-Encoding} and without a {@code Content-Length}
     * other than 0 has no body (and the decoder checked both headers' syntax already).
     */
    static boolean withoutBody(HttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            return false;
        }
        HttpHeaders headers = request.headers();
        if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING) || headers.contains(HttpHeaderNames.EXPECT)) {
            return false;
        }
        String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        return length == null || length.equals("0");
    }
}
