package org.bootnode.ipxe.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits script text into lines and tokens the way iPXE does (image/script.c, core/exec.c):
 * the {@code #!ipxe} signature and whitespace; lines split on LF with one trailing CR dropped;
 * a line ending in a backslash joined to the next with nothing in between; a leading
 * {@code :name} is a label and the rest of its line still runs; whitespace-separated tokens
 * with no quoting; {@code ||}, {@code &&}, {@code ;} separate commands and a token starting
 * with {@code #} starts a comment. A trailing comment after a command is dropped.
 */
public final class ScriptLexer {

    /** One item of a script: each physical line gives one, a label line with commands two. */
    public sealed interface Lexed {
        /** The line it starts on, counting the signature as line 1. */
        int line();
    }

    /** An empty or all-blank line. */
    public record BlankLine(int line) implements Lexed {
    }

    /** {@code :name}; the name is not yet checked. */
    public record LabelLine(int line, int column, String name) implements Lexed {
    }

    /** {@code # text}, the text without the {@code #} and one following space. */
    public record CommentLine(int line, int column, String text) implements Lexed {
    }

    /** Commands, each a list of tokens (the name first), and the separators between them. */
    public record CommandsLine(int line, List<List<Token>> commands, List<String> separators) implements Lexed {
    }

    private ScriptLexer() {
    }

    /**
     * Lexes a whole script.
     *
     * @throws SyntaxError (with its line) for a missing signature, an empty command beside a
     *     separator, or a script that ends inside a line continuation
     */
    public static List<Lexed> lex(String text) {
        if (text.length() < 7 || !(text.startsWith("#!ipxe") || text.startsWith("#!gpxe"))
                || !Syntax.isSpace(text.charAt(6))) {
            throw new SyntaxError(1, 0, "missing signature (expected: \"#!ipxe\" and whitespace)");
        }
        List<String> physical = new ArrayList<>(List.of(text.split("\n", -1)));
        if (text.endsWith("\n")) {
            physical.remove(physical.size() - 1);
        }
        List<Lexed> out = new ArrayList<>();
        int number = 0;
        StringBuilder logical = new StringBuilder();
        int logicalStart = 1;
        boolean continued = false;
        for (String fragment : physical) {
            number++;
            if (!continued) {
                logicalStart = number;
            }
            // script.c: append the fragment, drop one trailing CR, and if the line now ends
            // in a backslash, drop it and append the next fragment.
            logical.append(fragment);
            if (logical.length() > 0 && logical.charAt(logical.length() - 1) == '\r') {
                logical.setLength(logical.length() - 1);
            }
            if (logical.length() > 0 && logical.charAt(logical.length() - 1) == '\\') {
                logical.setLength(logical.length() - 1);
                continued = true;
                continue;
            }
            continued = false;
            if (logicalStart > 1) {
                try {
                    line(logical.toString(), logicalStart, out);
                } catch (SyntaxError e) {
                    throw e.onLine(logicalStart);
                }
            }
            logical.setLength(0);
        }
        if (continued) {
            throw new SyntaxError(logicalStart, 0,
                    "the script ends inside a line continuation (iPXE would not run that line)");
        }
        return out;
    }

    private static void line(String line, int number, List<Lexed> out) {
        int pos = 0;
        while (pos < line.length() && Syntax.isSpace(line.charAt(pos))) {
            pos++;
        }
        if (pos == line.length()) {
            out.add(new BlankLine(number));
            return;
        }
        if (line.charAt(pos) == ':') {
            int end = pos + 1;
            while (end < line.length() && !Syntax.isSpace(line.charAt(end))) {
                end++;
            }
            out.add(new LabelLine(number, pos, line.substring(pos + 1, end)));
            String rest = end < line.length() ? line.substring(end + 1) : "";
            if (!rest.isBlank()) {
                commands(rest, end + 1, number, out);
            }
            return;
        }
        if (line.charAt(pos) == '#') {
            String text = line.substring(pos + 1);
            out.add(new CommentLine(number, pos, text.startsWith(" ") ? text.substring(1) : text));
            return;
        }
        commands(line, 0, number, out);
    }

    private static void commands(String text, int offset, int number, List<Lexed> out) {
        List<List<Token>> commands = new ArrayList<>();
        List<String> separators = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        for (Token token : tokens(text, offset)) {
            if (token.text().startsWith("#")) {
                break;
            }
            if (!Syntax.isSeparator(token.text())) {
                current.add(token);
                continue;
            }
            if (current.isEmpty()) {
                throw new SyntaxError(token.column(), "empty command before \"" + token.text() + "\"");
            }
            commands.add(current);
            separators.add(token.text());
            current = new ArrayList<>();
        }
        if (current.isEmpty()) {
            if (commands.isEmpty()) {
                return; // only a comment after a label: nothing runs
            }
            // "a ||" with nothing after: iPXE runs nothing; the model has no empty command.
            throw new SyntaxError(text.length() + offset - 1,
                    "empty command after \"" + separators.get(separators.size() - 1) + "\"");
        }
        commands.add(current);
        out.add(new CommandsLine(number, commands, separators));
    }

    private static List<Token> tokens(String text, int offset) {
        List<Token> tokens = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            while (pos < text.length() && Syntax.isSpace(text.charAt(pos))) {
                pos++;
            }
            int start = pos;
            while (pos < text.length() && !Syntax.isSpace(text.charAt(pos))) {
                pos++;
            }
            if (pos > start) {
                tokens.add(new Token(text.substring(start, pos), start + offset));
            }
        }
        return tokens;
    }
}
