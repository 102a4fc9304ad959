package org.bootnode.server.http;

/**
 * A small streaming JSON writer: objects, arrays, strings, numbers, booleans and null, with
 * commas placed by nesting state. Hand-written because the API's few flat documents do not
 * justify a JSON library in the jar; strings are escaped per RFC 8259 §7.
 */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    /** One bit per nesting level: whether the next value at that level needs a comma. */
    private long needsComma;
    private int depth;
    private boolean afterName;

    /** Starts an object {@code {}. */
    public JsonWriter beginObject() {
        value();
        out.append('{');
        push();
        return this;
    }

    /** Ends the current object. */
    public JsonWriter endObject() {
        pop();
        out.append('}');
        return this;
    }

    /** Starts an array {@code [}. */
    public JsonWriter beginArray() {
        value();
        out.append('[');
        push();
        return this;
    }

    /** Ends the current array. */
    public JsonWriter endArray() {
        pop();
        out.append(']');
        return this;
    }

    /** The name of the next member of the current object. */
    public JsonWriter name(String name) {
        comma();
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    /** A string value, or null. */
    public JsonWriter value(String value) {
        value();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        return this;
    }

    /** A number value. */
    public JsonWriter value(long value) {
        value();
        out.append(value);
        return this;
    }

    /** A boolean value. */
    public JsonWriter value(boolean value) {
        value();
        out.append(value);
        return this;
    }

    /** The document written so far. */
    @Override
    public String toString() {
        return out.toString();
    }

    private void value() {
        if (afterName) {
            afterName = false;
        } else {
            comma();
        }
    }

    private void comma() {
        if (depth > 0) {
            long bit = 1L << (depth - 1);
            if ((needsComma & bit) != 0) {
                out.append(',');
            }
            needsComma |= bit;
        }
    }

    private void push() {
        if (depth == 63) {
            throw new IllegalStateException("nesting: 64 levels (expected: at most 63)");
        }
        depth++;
        needsComma &= ~(1L << (depth - 1));
    }

    private void pop() {
        if (depth == 0) {
            throw new IllegalStateException("nesting: end without begin");
        }
        depth--;
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
