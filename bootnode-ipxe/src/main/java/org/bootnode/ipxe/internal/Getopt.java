package org.bootnode.ipxe.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * iPXE's option parser (core/getopt.c) on the written tokens. iPXE runs it after settings are
 * expanded; options come first; the first token that does not start with {@code -}, or
 * {@code --}, ends them; long options, short letters, clusters ({@code -ka}), inline values
 * ({@code --name=x}, {@code -nx}); an option's value given as a separate token may not start
 * with {@code -}.
 */
public final class Getopt {

    private Getopt() {
    }

    /**
     * Reads the options of {@code tokens} (the first is the command's name) by {@code options}
     * and counts the arguments.
     *
     * @throws SyntaxError for an unknown option, a missing value, an option given twice, or an
     *     argument count outside {@code minArgs..maxArgs}
     */
    public static <V> Invocation<V> parse(List<Token> tokens, List<OptionSpec> options, int minArgs, int maxArgs,
            ValueSyntax<V> values) {
        Token head = tokens.get(0);
        Map<String, Token> found = new LinkedHashMap<>();
        int i = 1;
        while (i < tokens.size()) {
            Token token = tokens.get(i);
            String text = token.text();
            if (!text.startsWith("-")) {
                break;
            }
            i++;
            if (text.equals("--")) {
                break;
            }
            if (text.startsWith("--")) {
                String body = text.substring(2);
                int eq = body.indexOf('=');
                String optName = eq < 0 ? body : body.substring(0, eq);
                OptionSpec spec = byName(options, optName, token, head);
                Token value = null;
                if (spec.takesValue()) {
                    if (eq >= 0) {
                        value = new Token(body.substring(eq + 1), token.column() + 3 + eq);
                    } else {
                        value = separateValue(tokens, i, token, head);
                        i++;
                    }
                } else if (eq >= 0) {
                    throw new SyntaxError(token.column(), head.text() + ": option --" + optName + " takes no value");
                }
                put(found, spec.name(), value, token);
                continue;
            }
            for (int c = 1; c < text.length(); c++) {
                char letter = text.charAt(c);
                OptionSpec spec = options.stream().filter(s -> s.letter() == letter).findFirst()
                        .orElseThrow(() -> new SyntaxError(token.column(),
                                head.text() + ": unknown option -" + letter));
                if (!spec.takesValue()) {
                    put(found, spec.name(), null, token);
                    continue;
                }
                Token value;
                if (c + 1 < text.length()) {
                    value = new Token(text.substring(c + 1), token.column() + c + 1);
                } else {
                    value = separateValue(tokens, i, token, head);
                    i++;
                }
                put(found, spec.name(), value, token);
                break;
            }
        }
        List<Token> args = tokens.subList(i, tokens.size());
        if (args.size() < minArgs || args.size() > maxArgs) {
            String expected = minArgs == maxArgs ? Integer.toString(minArgs)
                    : maxArgs == Integer.MAX_VALUE ? "at least " + minArgs : minArgs + ".." + maxArgs;
            throw new SyntaxError(head.column(), head.text() + ": " + args.size()
                    + " arguments (expected: " + expected + ")");
        }
        return new Invocation<>(head, found, List.copyOf(args), values);
    }

    private static OptionSpec byName(List<OptionSpec> options, String name, Token token, Token head) {
        for (OptionSpec spec : options) {
            if (spec.name().equals(name)) {
                return spec;
            }
        }
        throw new SyntaxError(token.column(), head.text() + ": unknown option --" + name);
    }

    private static Token separateValue(List<Token> tokens, int i, Token option, Token head) {
        if (i >= tokens.size() || tokens.get(i).text().startsWith("-")) {
            throw new SyntaxError(option.column(), head.text() + ": option " + option.text() + " requires a value");
        }
        return tokens.get(i);
    }

    private static void put(Map<String, Token> found, String name, Token value, Token at) {
        if (found.containsKey(name)) {
            throw new SyntaxError(at.column(), "option --" + name + " given twice");
        }
        found.put(name, value);
    }
}
