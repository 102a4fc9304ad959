package org.bootnode.ipxe;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bootnode.ipxe.internal.Syntax;

/**
 * Free text at the end of a command, such as a kernel command line, an {@code echo} message
 * or a menu title. iPXE joins these arguments with single spaces (core/exec.c
 * {@code concat_args}, image command lines), so text whose words are separated by single
 * spaces is read back exactly; leading, trailing or repeated spaces and other whitespace
 * cannot be written and are refused.
 *
 * @param words the words, each one token; may be empty
 */
public record Words(List<Value> words) {

    /** No words. */
    public static final Words NONE = new Words(List.of());

    /** Copies the list. */
    public Words {
        words = List.copyOf(words);
    }

    /**
     * Splits literal text on single spaces: {@code of("console=ttyS0 quiet")}. Each word is
     * checked as a literal {@link Value}; the empty string gives no words.
     */
    public static Words of(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            return NONE;
        }
        List<Value> values = new ArrayList<>();
        int start = 0;
        while (true) {
            int space = text.indexOf(' ', start);
            String word = space < 0 ? text.substring(start) : text.substring(start, space);
            if (word.isEmpty()) {
                throw new IllegalArgumentException("text: " + Syntax.quote(text)
                        + " has a leading, trailing or repeated space at index " + start
                        + " (iPXE joins words with single spaces)");
            }
            values.add(Value.text(word));
            if (space < 0) {
                return new Words(values);
            }
            start = space + 1;
        }
    }

    /** These values as words. */
    public static Words of(Value... values) {
        return new Words(List.of(values));
    }

    /** These words followed by {@code more}. */
    public Words plus(Words more) {
        List<Value> all = new ArrayList<>(words);
        all.addAll(more.words);
        return new Words(all);
    }

    /** Whether there are no words. */
    public boolean isEmpty() {
        return words.isEmpty();
    }

    /** The words joined by single spaces, as iPXE joins them. */
    public String render() {
        StringBuilder out = new StringBuilder();
        for (Value word : words) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(word.render());
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return render();
    }
}
