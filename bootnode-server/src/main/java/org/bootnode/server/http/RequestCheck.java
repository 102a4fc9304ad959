package org.bootnode.server.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.util.Locale;
import org.bootnode.server.metrics.ServerMetrics;
import org.bootnode.server.log.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a request the server does not take before its body is read: one Netty's decoder could
 * not parse (a request line over the limit: 414, headers over it: 431, else 400), or one of
 * another HTTP version than 1.0 and 1.1 (505; Netty's decoder takes any {@code NAME/x.y}). The
 * answer is HTTP/1.1, then the connection is closed and whatever else the client sent dropped.
 * Sits after the codec, before the aggregator; one per connection.
 */
final class RequestCheck extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger("org.bootnode.server.http");

    private final ServerMetrics metrics;
    private final Refusals refusals;
    private boolean refused;

    RequestCheck(ServerMetrics metrics) {
        this(metrics, Refusals.TEXT);
    }

    RequestCheck(ServerMetrics metrics, Refusals refusals) {
        this.metrics = metrics;
        this.refusals = refusals;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        HttpResponseStatus refusal = msg instanceof HttpRequest request ? refusal(request) : null;
        if (refusal == null) {
            super.channelRead(ctx, msg);
            return;
        }
        refused = true;
        if (!ctx.channel().isActive()) {
            // The decoder hands on a half request when the connection closes (the client left, or
            // the request deadline cut it): nobody is there to answer.
            ReferenceCountUtil.release(msg);
            return;
        }
        HttpRequest request = (HttpRequest) msg;
        DecoderResult result = request.decoderResult();
        log.debug("http {}: {}, {}", ctx.channel().remoteAddress(), refusal.code(), result.isFailure()
                ? LogText.escape(String.valueOf(result.cause())) : "version " + LogText.escape(request.protocolVersion().text()));
        ReferenceCountUtil.release(msg);
        metrics.httpRequests.increment();
        metrics.httpErrors.increment();
        FullHttpResponse r = refusals.response(refusal, refusal.reasonPhrase().toLowerCase(Locale.ROOT));
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }

    /** The status that refuses {@code request}, or null to serve it. */
    static HttpResponseStatus refusal(HttpRequest request) {
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            Throwable cause = result.cause();
            if (cause instanceof TooLongHttpLineException) {
                return HttpResponseStatus.REQUEST_URI_TOO_LONG;
            }
            return cause instanceof TooLongHttpHeaderException
                    ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE : HttpResponseStatus.BAD_REQUEST;
        }
        HttpVersion version = request.protocolVersion();
        // RFC 9112 §2.3: the version names the protocol; only these two are served here.
        return version.equals(HttpVersion.HTTP_1_1) || version.equals(HttpVersion.HTTP_1_0)
                ? null : HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED;
    }
}
