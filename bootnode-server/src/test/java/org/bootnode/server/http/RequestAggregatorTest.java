package org.bootnode.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestAggregatorTest {
    private final EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec(4096, 8192, 8192), new RequestAggregator(64));

    private List<FullHttpRequest> send(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
        List<FullHttpRequest> requests = new ArrayList<>();
        for (Object m; (m = channel.readInbound()) != null; ) {
            requests.add(assertInstanceOf(FullHttpRequest.class, m));
        }
        return requests;
    }

    private String written() {
        StringBuilder out = new StringBuilder();
        for (Object m; (m = channel.readOutbound()) != null; ) {
            out.append(((ByteBuf) m).toString(StandardCharsets.US_ASCII));
            ReferenceCountUtil.release(m);
        }
        return out.toString();
    }

    @Test
    void getWithoutBodyGoesOnAsOneRequestAndItsEmptyEndIsDropped() {
        List<FullHttpRequest> requests = send("GET /nodes/fc-ab-00-00-00-01/overlay HTTP/1.1\r\nHost: n\r\nIf-None-Match: \"x\"\r\n\r\n");
        assertEquals(1, requests.size());
        FullHttpRequest r = requests.get(0);
        // Not the aggregator's request around a composite buffer: the decoded request's own headers.
        assertInstanceOf(DefaultFullHttpRequest.class, r);
        assertEquals(HttpMethod.GET, r.method());
        assertEquals("/nodes/fc-ab-00-00-00-01/overlay", r.uri());
        assertEquals("\"x\"", r.headers().get(HttpHeaderNames.IF_NONE_MATCH));
        assertFalse(r.content().isReadable());
        assertTrue(r.decoderResult().isSuccess());
        r.release();
        assertFalse(channel.finish());
    }

    @Test
    void pipelinedRequestsWithoutBodyComeOneEach() {
        List<FullHttpRequest> requests = send("GET /a HTTP/1.1\r\n\r\nHEAD /b HTTP/1.1\r\nContent-Length: 0\r\n\r\nGET /c HTTP/1.0\r\n\r\n");
        assertEquals(List.of("/a", "/b", "/c"), requests.stream().map(FullHttpRequest::uri).toList());
        assertEquals(HttpMethod.HEAD, requests.get(1).method());
        requests.forEach(FullHttpRequest::release);
        assertFalse(channel.finish());
    }

    @Test
    void bodyIsStillAggregatedAndTheNextRequestStillTakesTheShortcut() {
        List<FullHttpRequest> requests = send("POST /nodes/fc-ab-00-00-00-01/booted HTTP/1.1\r\nContent-Length: 5\r\n\r\nhel");
        assertEquals(List.of(), requests);
        requests = send("loGET /boot.ipxe HTTP/1.1\r\n\r\n");
        assertEquals(2, requests.size());
        assertEquals("hello", requests.get(0).content().toString(StandardCharsets.US_ASCII));
        assertEquals("5", requests.get(0).headers().get(HttpHeaderNames.CONTENT_LENGTH));
        assertInstanceOf(DefaultFullHttpRequest.class, requests.get(1));
        requests.forEach(FullHttpRequest::release);
        assertFalse(channel.finish());
    }

    @Test
    void chunkedBodyIsAggregated() {
        List<FullHttpRequest> requests = send("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
        assertEquals(1, requests.size());
        assertEquals("abc", requests.get(0).content().toString(StandardCharsets.US_ASCII));
        requests.forEach(FullHttpRequest::release);
        assertFalse(channel.finish());
    }

    @Test
    void bodyOverTheLimitIsStillRefusedWith413() {
        assertEquals(List.of(), send("POST /x HTTP/1.1\r\nContent-Length: 65\r\n\r\n"));
        assertTrue(written().startsWith("HTTP/1.1 413 "));
        channel.finishAndReleaseAll();
    }

    @Test
    void expectContinueIsStillTheAggregators() {
        // Even without a body: 100 Continue is the aggregator's answer to Expect.
        List<FullHttpRequest> requests = send("GET /boot.ipxe HTTP/1.1\r\nExpect: 100-continue\r\n\r\n");
        assertTrue(written().startsWith("HTTP/1.1 100 Continue"));
        assertEquals(1, requests.size());
        requests.forEach(FullHttpRequest::release);
        channel.finishAndReleaseAll();
    }

    @Test
    void badRequestIsLeftToTheAggregatorAsDecoded() {
        List<FullHttpRequest> requests = send("GET /a HTTP/1.1\r\nBad Header\r\n\r\n");
        assertEquals(1, requests.size());
        assertTrue(requests.get(0).decoderResult().isFailure());
        assertFalse(RequestAggregator.withoutBody(requests.get(0)));
        requests.forEach(FullHttpRequest::release);
        assertNull(channel.readInbound());
        channel.finishAndReleaseAll();
    }
}
