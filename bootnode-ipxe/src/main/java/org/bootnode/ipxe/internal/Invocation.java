package org.bootnode.ipxe.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A command as {@link Getopt} read it: its options by long name and its arguments, handed to
 * a descriptor's reader, which builds the model's record from it. Every accessor reports a
 * refused token as a {@link SyntaxError} at that token's column.
 *
 * @param <V> the model's argument type
 */
public final class Invocation<V> {

    private final Token command;
    private final Map<String, Token> options;
    private final List<Token> args;
    private final ValueSyntax<V> values;

    Invocation(Token command, Map<String, Token> options, List<Token> args, ValueSyntax<V> values) {
        this.command = command;
        this.options = options;
        this.args = args;
        this.values = values;
    }

    /** The command's name as written. */
    public String name() {
        return command.text();
    }

    /** Whether the option was given. */
    public boolean flag(String name) {
        return options.containsKey(name);
    }

    /** The option's value, or null when it was not given. */
    public V value(String name) {
        Token token = options.get(name);
        return token == null ? null : values.parse(token);
    }

    /** The option's value as a number ({@code strtoul} base 0), or null. */
    public Long number(String name) {
        Token token = options.get(name);
        return token == null ? null : number(token);
    }

    /** The option's value as a key code ({@code parse_key}), or null. */
    public Integer key(String name) {
        Token token = options.get(name);
        if (token == null) {
            return null;
        }
        try {
            return Keys.parse(token.text());
        } catch (NumberFormatException e) {
            throw new SyntaxError(token.column(), "--" + name + ": " + token.text() + " (expected: a key)");
        }
    }

    /** How many arguments follow the options. */
    public int argCount() {
        return args.size();
    }

    /** An argument, or null when there are not that many. */
    public V arg(int index) {
        return index < args.size() ? values.parse(args.get(index)) : null;
    }

    /** An argument read by {@code parse}, whose {@link IllegalArgumentException} becomes a syntax error. */
    public <T> T arg(int index, Function<String, T> parse) {
        Token token = args.get(index);
        try {
            return parse.apply(token.text());
        } catch (IllegalArgumentException e) {
            throw new SyntaxError(token.column(), e.getMessage());
        }
    }

    /** An argument as a number, or null when there are not that many. */
    public Long number(int index) {
        return index < args.size() ? number(args.get(index)) : null;
    }

    /** The arguments from {@code index} on; empty when there are fewer. */
    public List<V> args(int from) {
        List<V> out = new ArrayList<>();
        for (int i = from; i < args.size(); i++) {
            out.add(values.parse(args.get(i)));
        }
        return out;
    }

    private static long number(Token token) {
        try {
            return Numbers.parse(token.text());
        } catch (NumberFormatException e) {
            throw new SyntaxError(token.column(), Syntax.quote(token.text()) + " (expected: a number)");
        }
    }
}
