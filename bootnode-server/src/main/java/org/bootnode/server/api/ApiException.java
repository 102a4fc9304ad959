package org.bootnode.server.api;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A request the API refuses: its status, a short reason and the JSON field at fault (or null).
 * Thrown anywhere below {@link AdminApi#handle} and answered there, in one place, as
 * {@code {"error","field"}}. The reason and field must already be safe to print (escaped).
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient HttpResponseStatus status;
    private final String field;
    private String allowed;

    ApiException(HttpResponseStatus status, String reason, String field) {
        super(reason, null, false, false);
        this.status = status;
        this.field = field;
    }

    /** 400 for a bad value of {@code field}. */
    static ApiException badField(String field, String reason) {
        return new ApiException(HttpResponseStatus.BAD_REQUEST, reason, field);
    }

    HttpResponseStatus status() {
        return status;
    }

    String field() {
        return field;
    }

    /** With the methods an {@code Allow} header names (405). */
    ApiException allow(String methods) {
        this.allowed = methods;
        return this;
    }

    String allowed() {
        return allowed;
    }
}
