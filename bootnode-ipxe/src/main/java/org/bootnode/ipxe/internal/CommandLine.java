package org.bootnode.ipxe.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes one command as a line of tokens, the mirror of {@link Getopt}. Because iPXE parses
 * options after expansion, it puts {@code --} before a first argument that might start with
 * {@code -}, and writes {@code --option=value} for an option value that might (or that starts
 * with {@code #} or is a separator, as a key may). {@code echo -n} keeps its short form, as
 * everyone writes it; every other option is written long.
 *
 * @param <V> the model's argument type
 */
public final class CommandLine<V> {

    private record Written(String text, boolean mayStartWithDash) {
    }

    private final String name;
    private final ValueSyntax<V> values;
    private final StringBuilder options = new StringBuilder();
    private final List<Written> args = new ArrayList<>();

    CommandLine(String name, ValueSyntax<V> values) {
        this.name = name;
        this.values = values;
    }

    /** Writes the flag when {@code on}. */
    public CommandLine<V> flag(String option, boolean on) {
        if (on) {
            option(option, null, false);
        }
        return this;
    }

    /** Writes the option with its value, unless the value is null. */
    public CommandLine<V> option(String option, V value) {
        if (value != null) {
            option(option, values.render(value), values.mayStartWithDash(value));
        }
        return this;
    }

    /** Writes the option with a number, unless it is null. */
    public CommandLine<V> option(String option, Long number) {
        if (number != null) {
            option(option, number.toString(), false);
        }
        return this;
    }

    /** Writes the option with a key ({@code parse_key}'s form), unless it is null. */
    public CommandLine<V> key(String option, Integer key) {
        if (key != null) {
            String text = Keys.render(key);
            option(option, text, text.startsWith("-") || text.startsWith("#") || Syntax.isSeparator(text));
        }
        return this;
    }

    /** Appends an argument, unless it is null. */
    public CommandLine<V> arg(V value) {
        if (value != null) {
            args.add(new Written(values.render(value), values.mayStartWithDash(value)));
        }
        return this;
    }

    /** Appends an argument of plain text the model has already checked (a number, a setting's name). */
    public CommandLine<V> literal(String text) {
        if (text != null) {
            args.add(new Written(text, text.startsWith("-")));
        }
        return this;
    }

    /** Appends the arguments in order. */
    public CommandLine<V> args(List<V> more) {
        more.forEach(this::arg);
        return this;
    }

    private void option(String option, String value, boolean mayStartWithDash) {
        options.append(' ').append(option.length() == 1 ? "-" : "--").append(option);
        if (value != null) {
            options.append(mayStartWithDash ? '=' : ' ').append(value);
        }
    }

    /** The line, without a newline. */
    public String render() {
        StringBuilder out = new StringBuilder(name).append(options);
        if (!args.isEmpty() && args.get(0).mayStartWithDash()) {
            out.append(" --");
        }
        for (Written arg : args) {
            out.append(' ').append(arg.text());
        }
        return out.toString();
    }
}
