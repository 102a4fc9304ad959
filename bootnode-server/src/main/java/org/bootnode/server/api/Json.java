package org.bootnode.server.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON in and out of bootnode: one strictly configured Jackson mapper. What it reads comes from
 * outside (nodes added and changed through the admin API), so it refuses rather than guesses:
 * unknown fields, duplicate keys, trailing text, a number where a string belongs (no coercion
 * of scalars), nesting deeper than {@value #MAX_DEPTH} and a document over {@value #MAX_BYTES}
 * bytes. Field names are the configuration's: records' {@code bootFiles} is {@code boot-files}.
 */
public final class Json {
    /** The largest document read: 1 MiB, the admin listener's request bound too. */
    public static final int MAX_BYTES = 1 << 20;
    /** The deepest nesting read. */
    public static final int MAX_DEPTH = 64;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxDocumentLength(MAX_BYTES)
                            .maxStringLength(MAX_BYTES)
                            .maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(32)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Float, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private Json() {}

    /**
     * Reads a document into {@code type} (a record whose components are the fields).
     *
     * @throws JsonInputException naming the field at fault, when there is one
     */
    public static <T> T read(byte[] json, Class<T> type) {
        if (json.length > MAX_BYTES) {
            throw new JsonInputException(null, "document of " + json.length + " bytes (expected: at most " + MAX_BYTES + ")");
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw refusal(e);
        }
    }

    /**
     * Reads any document: objects become {@code Map<String, Object>} in document order, arrays
     * {@code List<Object>}, numbers {@code Integer}, {@code Long}, {@code BigInteger} or
     * {@code Double}.
     *
     * @throws JsonInputException when it is not one well-formed JSON document
     */
    public static Object parse(String json) {
        return read(json.getBytes(StandardCharsets.UTF_8), Object.class);
    }

    /** Writes a value (records, maps, lists, strings, numbers, booleans, null) as compact JSON. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Only a value type we wrote wrongly gets here, never input.
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #write} as UTF-8 bytes. */
    public static byte[] writeBytes(Object value) {
        return write(value).getBytes(StandardCharsets.UTF_8);
    }

    private static JsonInputException refusal(IOException e) {
        String field = null;
        if (e instanceof UnrecognizedPropertyException u) {
            return new JsonInputException(u.getPropertyName(), "unknown field");
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            field = m.getPath().get(m.getPath().size() - 1).getFieldName();
        }
        String reason = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
        if (e instanceof JacksonException j && j.getLocation() != null) {
            reason += " at offset " + j.getLocation().getByteOffset();
        }
        return new JsonInputException(field, reason);
    }
}
