package org.bootnode.ipxe;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bootnode.ipxe.internal.Syntax;
import org.bootnode.ipxe.internal.SyntaxError;
import org.bootnode.ipxe.internal.Token;

/**
 * One argument of an iPXE command: literal text and setting references, such as the URL
 * {@code http://10.0.0.1/boot/${net0/mac}.ipxe}. A value is one token of iPXE's command line.
 *
 * <p>iPXE splits a line on whitespace before it expands settings, has no quoting and no
 * escaping (core/exec.c), and expands {@code ${...}} again and again until none is left
 * (core/settings.c {@code expand_settings}). A value is therefore refused, at construction,
 * when its literal text
 * <ul>
 *   <li>is empty, or contains whitespace or NUL (it would split into several tokens; text
 *       with single spaces goes into {@link Words} or through {@link SetSetting});</li>
 *   <li>contains {@code ${} (iPXE would expand it: there is no way to write it literally);</li>
 *   <li>ends in {@code $} right before a setting reference, or starts with <code>{</code>
 *       right after one (the two could form a new reference once expanded);</li>
 *   <li>starts with {@code #} (a token starting with {@code #} begins a comment) or is
 *       {@code ||}, {@code &&} or {@code ;} (separators).</li>
 * </ul>
 * Every other value is read back by iPXE exactly as written. A leading {@code -} is allowed:
 * the renderer puts {@code --} or {@code --option=value} where iPXE's option parser would
 * otherwise take the value for an option.
 */
public final class Value {

    private final List<Part> parts;

    private Value(List<Part> parts) {
        this.parts = List.copyOf(merge(parts));
        check(this.parts);
    }

    /** A value of literal text only. */
    public static Value text(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("value: empty (iPXE has no way to write an empty argument)");
        }
        return new Value(List.of(new Literal(text)));
    }

    /** A value made of a single setting reference, such as {@code ${net0/mac}}. */
    public static Value of(Setting setting) {
        return new Value(List.of(Objects.requireNonNull(setting, "setting")));
    }

    /** A value made of these parts, in order (adjacent literals are joined). */
    public static Value of(List<? extends Part> parts) {
        return new Value(new ArrayList<>(parts));
    }

    /** A value made of these parts, in order (adjacent literals are joined). */
    public static Value of(Part... parts) {
        return of(List.of(parts));
    }

    /**
     * Reads a token as iPXE writes it: {@code ${name[:type]}} are setting references, the rest
     * is literal text, e.g. {@code parse("http://${next-server}/boot/${net0/mac}.ipxe")}.
     *
     * @throws IllegalArgumentException for a nested reference, or a value refused as above
     */
    public static Value parse(String token) {
        try {
            return read(new Token(Objects.requireNonNull(token, "token"), 0));
        } catch (SyntaxError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Reads a token of a script; a refused one is a {@link SyntaxError} at its column. */
    static Value read(Token token) {
        String text = token.text();
        List<Part> parts = new ArrayList<>();
        int pos = 0;
        try {
            while (pos < text.length()) {
                int start = text.indexOf("${", pos);
                int end = start < 0 ? -1 : text.indexOf('}', start + 2);
                if (start < 0 || end < 0) {
                    parts.add(new Literal(text.substring(pos)));
                    break;
                }
                if (start > pos) {
                    parts.add(new Literal(text.substring(pos, start)));
                }
                String inner = text.substring(start + 2, end);
                if (inner.contains("${")) {
                    throw new SyntaxError(token.column() + start,
                            "nested setting reference " + Syntax.quote(text.substring(start, end + 1))
                                    + " (not supported by this model)");
                }
                parts.add(Setting.parse(inner));
                pos = end + 1;
            }
            return of(parts);
        } catch (IllegalArgumentException e) {
            throw new SyntaxError(token.column(), e.getMessage());
        }
    }

    /** A builder that appends literal text and setting references. */
    public static Builder builder() {
        return new Builder();
    }

    /** The parts, adjacent literals joined. */
    public List<Part> parts() {
        return parts;
    }

    /** Whether this value has no setting reference. */
    public boolean isLiteral() {
        return parts.size() == 1 && parts.get(0) instanceof Literal;
    }

    /** The text as it appears in a script, e.g. {@code http://x/${net0/mac}}. */
    public String render() {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            out.append(part.render());
        }
        return out.toString();
    }

    /**
     * Whether iPXE might see this value begin with {@code -} after expansion (a setting may
     * be empty, so the parts after it count too).
     */
    public boolean mayStartWithDash() {
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                return literal.text().charAt(0) == '-';
            }
            if (((Setting) part).mayStartWithDash()) {
                return true;
            }
        }
        return false;
    }

    private static List<Part> merge(List<Part> parts) {
        List<Part> merged = new ArrayList<>();
        for (Part part : parts) {
            Objects.requireNonNull(part, "part");
            if (part instanceof Literal literal && !merged.isEmpty()
                    && merged.get(merged.size() - 1) instanceof Literal previous) {
                merged.set(merged.size() - 1, new Literal(previous.text() + literal.text()));
            } else {
                merged.add(part);
            }
        }
        return merged;
    }

    private static void check(List<Part> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("value: empty (iPXE has no way to write an empty argument)");
        }
        for (int i = 0; i < parts.size(); i++) {
            if (!(parts.get(i) instanceof Literal literal)) {
                continue;
            }
            String text = literal.text();
            for (int c = 0; c < text.length(); c++) {
                char ch = text.charAt(c);
                if (Syntax.isSpace(ch) || ch == 0) {
                    throw refused(text, "contains " + Syntax.describe(ch) + " at index " + c
                            + " (iPXE splits arguments on whitespace and has no quoting;"
                            + " text with single spaces can be written as Words or through set)");
                }
            }
            if (text.contains("${")) {
                throw refused(text, "contains \"${\" (iPXE expands settings with no escape)");
            }
            if (i + 1 < parts.size() && text.endsWith("$")) {
                throw refused(text, "ends in '$' before a setting reference (the two could form a new reference)");
            }
            if (i > 0 && text.startsWith("{")) {
                throw refused(text, "starts with '{' after a setting reference (the two could form a new reference)");
            }
            if (i == 0 && text.startsWith("#")) {
                throw refused(text, "starts with '#' (iPXE reads a token starting with '#' as a comment)");
            }
            if (parts.size() == 1 && Syntax.isSeparator(text)) {
                throw refused(text, "is the command separator \"" + text + "\"");
            }
        }
    }

    private static IllegalArgumentException refused(String text, String why) {
        return new IllegalArgumentException("value: " + Syntax.quote(text) + " " + why);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Value value && parts.equals(value.parts);
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }

    @Override
    public String toString() {
        return render();
    }

    /** Appends literal text and setting references; {@link #build()} checks the result. */
    public static final class Builder {
        private final List<Part> parts = new ArrayList<>();

        private Builder() {
        }

        /** Appends literal text (empty text is ignored). */
        public Builder text(String text) {
            if (!text.isEmpty()) {
                parts.add(new Literal(text));
            }
            return this;
        }

        /** Appends a setting reference. */
        public Builder ref(Setting setting) {
            parts.add(Objects.requireNonNull(setting, "setting"));
            return this;
        }

        /** The value, checked as described on {@link Value}. */
        public Value build() {
            return new Value(parts);
        }
    }
}
