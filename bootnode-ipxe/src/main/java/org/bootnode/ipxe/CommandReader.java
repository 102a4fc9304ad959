package org.bootnode.ipxe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a command from its tokens, mirroring {@link CommandWriter}: options as iPXE's getopt
 * reads them (long, short, clustered, inline {@code =value}, {@code --}), then the arguments,
 * counted as iPXE's command descriptors count them.
 */
final class CommandReader {

    private CommandReader() {
    }

    /** A token of a command line and its column (0-based) in the line. */
    record Token(String text, int column) {
    }

    /** A syntax error at a column of the current line. */
    static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int column;

        SyntaxError(int column, String message) {
            super(message, null, false, false);
            this.column = column;
        }
    }

    /** Options read from a command line, by long name; values as tokens (null for flags). */
    private record Parsed(Map<String, Token> options, List<Token> args, Token command) {
        boolean flag(String name) {
            return options.containsKey(name);
        }

        Value value(String name) {
            Token token = options.get(name);
            return token == null ? null : parseValue(token);
        }

        Long number(String name) {
            Token token = options.get(name);
            return token == null ? null : parseNumber(token);
        }

        Integer key(String name) {
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

        Value arg(int index) {
            return parseValue(args.get(index));
        }

        List<Value> argsFrom(int index) {
            List<Value> values = new ArrayList<>();
            for (int i = index; i < args.size(); i++) {
                values.add(parseValue(args.get(i)));
            }
            return values;
        }

        Words words(int index) {
            return new Words(argsFrom(index));
        }

        Setting setting(int index) {
            Token token = args.get(index);
            try {
                return Setting.parse(token.text());
            } catch (IllegalArgumentException e) {
                throw new SyntaxError(token.column(), e.getMessage());
            }
        }

        long number(int index) {
            return parseNumber(args.get(index));
        }

        void count(int min, int max) {
            if (args.size() < min || args.size() > max) {
                String expected = min == max ? Integer.toString(min)
                        : max == Integer.MAX_VALUE ? "at least " + min : min + ".." + max;
                throw new SyntaxError(command.column(), command.text() + ": " + args.size()
                        + " arguments (expected: " + expected + ")");
            }
        }
    }

    /** Reads one command from its tokens (the first is the name). */
    static Command parse(List<Token> tokens) {
        Token head = tokens.get(0);
        String name = head.text();
        List<CommandSpecs.Spec> specs = CommandSpecs.of(name);
        if (specs == null) {
            try {
                List<Value> args = new ArrayList<>();
                for (int i = 1; i < tokens.size(); i++) {
                    args.add(parseValue(tokens.get(i)));
                }
                return new OtherCommand(name, args);
            } catch (IllegalArgumentException e) {
                throw new SyntaxError(head.column(), e.getMessage());
            }
        }
        Parsed p = options(head, specs, tokens);
        try {
            return build(name, p);
        } catch (IllegalArgumentException e) {
            throw new SyntaxError(head.column(), e.getMessage());
        }
    }

    private static Command build(String name, Parsed p) {
        switch (name) {
            case "dhcp":
                return new Dhcp(p.argsFrom(0));
            case "ifconf":
                return new Ifconf(p.value("configurator"), p.argsFrom(0));
            case "kernel", "initrd", "module", "imgfetch", "chain": {
                p.count(1, Integer.MAX_VALUE);
                ImageFetch.Kind kind = ImageFetch.Kind.valueOf(name.toUpperCase(java.util.Locale.ROOT));
                return new ImageFetch(kind, p.arg(0), p.value("name"), p.number("timeout"),
                        p.flag("autofree"), p.flag("replace"), p.words(1));
            }
            case "imgargs":
                p.count(1, Integer.MAX_VALUE);
                return new Imgargs(p.arg(0), p.words(1));
            case "boot":
                p.count(0, 1);
                return new Boot(p.args().isEmpty() ? null : p.arg(0));
            case "echo":
                return new Echo(p.flag("n"), p.words(0));
            case "set":
                p.count(1, Integer.MAX_VALUE);
                return new SetSetting(p.setting(0), p.words(1));
            case "clear":
                p.count(1, 1);
                return new Clear(p.setting(0));
            case "isset":
                p.count(1, 1);
                return new Isset(p.arg(0));
            case "iseq":
                p.count(2, 2);
                return new Iseq(p.arg(0), p.arg(1));
            case "goto":
                p.count(1, 1);
                return new Goto(p.arg(0));
            case "menu":
                return new Menu(p.value("name"), p.words(0));
            case "item": {
                boolean gap = p.flag("gap");
                if (!gap) {
                    p.count(1, Integer.MAX_VALUE);
                }
                return new Item(p.value("menu"), p.key("key"), p.flag("default"), gap,
                        gap ? null : p.arg(0), p.words(gap ? 0 : 1));
            }
            case "choose":
                p.count(1, 1);
                return new Choose(p.value("menu"), p.value("default"), p.number("timeout"), p.flag("keep"),
                        p.setting(0));
            case "prompt":
                return new Prompt(p.key("key"), p.number("timeout"), p.words(0));
            case "sleep":
                p.count(1, 1);
                return new Sleep(p.number(0));
            case "shell":
                p.count(0, 0);
                return new Shell();
            case "reboot":
                p.count(0, 0);
                return new Reboot(p.flag("warm"));
            case "poweroff":
                p.count(0, 0);
                return new Poweroff();
            case "exit":
                p.count(0, 1);
                return new Exit(p.args().isEmpty() ? null : p.number(0));
            case "imgverify":
                p.count(2, 2);
                return new Imgverify(p.arg(0), p.arg(1), p.value("signer"), p.flag("keep"));
            case "imgtrust":
                p.count(0, 0);
                return new Imgtrust(p.flag("allow"), p.flag("permanent"));
            case "params":
                p.count(0, 0);
                return new Params(p.value("name"), p.flag("delete"));
            case "param":
                p.count(1, Integer.MAX_VALUE);
                return new Param(p.value("params"), p.flag("header"), p.arg(0), p.words(1));
            case "ntp":
                p.count(1, 1);
                return new Ntp(p.arg(0));
            default:
                throw new IllegalStateException("no builder for " + name);
        }
    }

    /** iPXE's getopt, on the written tokens: options until the first argument or "--". */
    private static Parsed options(Token head, List<CommandSpecs.Spec> specs, List<Token> tokens) {
        Map<String, Token> options = new LinkedHashMap<>();
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
                CommandSpecs.Spec spec = find(specs, optName, token, head);
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
                put(options, spec.name(), value, token);
                continue;
            }
            // A cluster of short options: -ka, -n value, -nvalue.
            for (int c = 1; c < text.length(); c++) {
                char letter = text.charAt(c);
                CommandSpecs.Spec spec = specs.stream().filter(s -> s.letter() == letter).findFirst()
                        .orElseThrow(() -> new SyntaxError(token.column(),
                                head.text() + ": unknown option -" + letter));
                if (!spec.takesValue()) {
                    put(options, spec.name(), null, token);
                    continue;
                }
                Token value;
                if (c + 1 < text.length()) {
                    value = new Token(text.substring(c + 1), token.column() + c + 1);
                } else {
                    value = separateValue(tokens, i, token, head);
                    i++;
                }
                put(options, spec.name(), value, token);
                break;
            }
        }
        return new Parsed(options, tokens.subList(i, tokens.size()), head);
    }

    private static CommandSpecs.Spec find(List<CommandSpecs.Spec> specs, String name, Token token, Token head) {
        for (CommandSpecs.Spec spec : specs) {
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

    private static void put(Map<String, Token> options, String name, Token value, Token at) {
        if (options.containsKey(name)) {
            throw new SyntaxError(at.column(), "option --" + name + " given twice");
        }
        options.put(name, value);
    }

    private static long parseNumber(Token token) {
        try {
            return Numbers.parse(token.text());
        } catch (NumberFormatException e) {
            throw new SyntaxError(token.column(), Syntax.quote(token.text()) + " (expected: a number)");
        }
    }

    /** Reads {@code ${name[:type]}} references out of a token; the rest is literal text. */
    static Value parseValue(Token token) {
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
            return Value.of(parts);
        } catch (IllegalArgumentException e) {
            throw new SyntaxError(token.column(), e.getMessage());
        }
    }
}