package org.bootnode.server.api;

import java.util.Optional;
import org.bootnode.server.log.LogText;

/**
 * A JSON document that bootnode refuses: malformed, an unknown or duplicate field, a value of the
 * wrong kind, too deep or too large. The reason is escaped (it may quote the input), so it is
 * safe in a log line and in an answer.
 */
public final class JsonInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    /** A refusal; {@code field} is the JSON field at fault, or null. */
    public JsonInputException(String field, String reason) {
        super("json: " + LogText.escape(reason));
        this.field = field == null ? null : LogText.escape(field);
    }

    /** The JSON field at fault, when one is. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
