package org.bootnode.server.http;

import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * What a {@code Range} header asks of a file (RFC 9110 §14.2): the whole file, one range, or
 * nothing satisfiable. Only a single range is served; a list of ranges, another unit or a
 * malformed header get the whole file, which the RFC allows (a server may ignore Range).
 */
public sealed interface ByteRange {
    /** The whole file, status 200. */
    record Whole() implements ByteRange {}

    /**
     * One range, status 206.
     *
     * @param first offset of the first byte
     * @param last offset of the last byte, inclusive
     */
    record Part(long first, long last) implements ByteRange {
        /** How many bytes the range holds. */
        public long length() {
            return last - first + 1;
        }
    }

    /** No byte of the file is in the range, status 416. */
    record Unsatisfiable() implements ByteRange {}

    /** The offset of the first byte sent: 0 for the whole file. */
    default long offset() {
        return this instanceof Part p ? p.first() : 0;
    }

    /** How many bytes are sent of a file of {@code size} bytes. */
    default long length(long size) {
        return this instanceof Part p ? p.length() : size;
    }

    /**
     * The head of the answer that sends this range of a file of {@code size} bytes: 200 or 206,
     * type, length, {@code Accept-Ranges}, {@code Content-Range} for a part. One writer for every
     * file the HTTP server sends; an {@link Unsatisfiable} range gets {@link #notSatisfiable}.
     */
    default HttpResponse responseHead(HttpVersion version, long size) {
        if (this instanceof Unsatisfiable) {
            throw new IllegalStateException("no head for an unsatisfiable range: answer notSatisfiable");
        }
        HttpResponse response = new DefaultHttpResponse(version,
                this instanceof Part ? HttpResponseStatus.PARTIAL_CONTENT : HttpResponseStatus.OK);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM)
                .set(HttpHeaderNames.CONTENT_LENGTH, length(size))
                .set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
        if (this instanceof Part p) {
            response.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes " + p.first() + "-" + p.last() + "/" + size);
        }
        return response;
    }

    /** The whole 416 answer for a file of {@code size} bytes (RFC 9110 §15.5.17: the size in Content-Range). */
    static FullHttpResponse notSatisfiable(HttpVersion version, long size) {
        FullHttpResponse r = new DefaultFullHttpResponse(version, HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
        r.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size).set(HttpHeaderNames.CONTENT_LENGTH, 0);
        return r;
    }

    /** Reads a {@code Range} header (null when absent) against a file of {@code size} bytes. */
    static ByteRange of(String header, long size) {
        if (header == null) {
            return new Whole();
        }
        String h = header.strip();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6) || h.indexOf(',') >= 0) {
            return new Whole();
        }
        String spec = h.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Whole();
        }
        String a = spec.substring(0, dash).strip();
        String b = spec.substring(dash + 1).strip();
        if (!a.matches("[0-9]{0,18}") || !b.matches("[0-9]{0,18}") || (a.isEmpty() && b.isEmpty())) {
            return new Whole();
        }
        if (a.isEmpty()) {
            // bytes=-N: the last N bytes
            long n = Long.parseLong(b);
            if (n == 0 || size == 0) {
                return new Unsatisfiable();
            }
            return new Part(Math.max(0, size - n), size - 1);
        }
        long first = Long.parseLong(a);
        long last = b.isEmpty() ? Long.MAX_VALUE : Long.parseLong(b);
        if (last < first) {
            return new Whole(); // RFC 9110 §14.1.1: invalid, so the header is ignored
        }
        if (first >= size) {
            return new Unsatisfiable();
        }
        return new Part(first, Math.min(last, size - 1));
    }
}
