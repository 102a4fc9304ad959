package org.bootnode.ipxe;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads an iPXE script into the model the way iPXE reads it (image/script.c, core/exec.c):
 * the {@code #!ipxe} signature and whitespace; lines split on newline with a trailing CR
 * dropped; a line ending in a backslash joined to the next; a leading {@code :name} is a label
 * and the rest of its line still runs; whitespace-separated tokens with no quoting; {@code ||},
 * {@code &&}, {@code ;} separate commands and a token starting with {@code #} starts a
 * comment. A trailing comment after a command is dropped; everything else is kept.
 */
final class IpxeParser {

    private IpxeParser() {
    }

    static IpxeScript parse(String text) throws IpxeParseException {
        if (text.length() < 7 || !(text.startsWith("#!ipxe") || text.startsWith("#!gpxe"))
                || !Syntax.isSpace(text.charAt(6))) {
            throw new IpxeParseException(1, 1, "missing signature (expected: \"#!ipxe\" and whitespace)");
        }
        List<String> physical = new ArrayList<>(List.of(text.split("\n", -1)));
        if (text.endsWith("\n")) {
            physical.remove(physical.size() - 1);
        }
        List<Statement> statements = new ArrayList<>();
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
                readLine(logical.toString(), logicalStart, statements);
            }
            logical.setLength(0);
        }
        if (continued) {
            throw new IpxeParseException(logicalStart, 1,
                    "the script ends inside a line continuation (iPXE would not run that line)");
        }
        return new IpxeScript(statements);
    }

    private static void readLine(String line, int number, List<Statement> out) throws IpxeParseException {
        int pos = 0;
        while (pos < line.length() && Syntax.isSpace(line.charAt(pos))) {
            pos++;
        }
        if (pos == line.length()) {
            out.add(new Blank());
            return;
        }
        if (line.charAt(pos) == ':') {
            int end = pos + 1;
            while (end < line.length() && !Syntax.isSpace(line.charAt(end))) {
                end++;
            }
            try {
                out.add(new Label(line.substring(pos + 1, end)));
            } catch (IllegalArgumentException e) {
                throw new IpxeParseException(number, pos + 1, e.getMessage());
            }
            String rest = end < line.length() ? line.substring(end + 1) : "";
            if (!rest.isBlank()) {
                readCommands(rest, end + 1, number, out);
            }
            return;
        }
        if (line.charAt(pos) == '#') {
            String text = line.substring(pos + 1);
            try {
                out.add(new Comment(text.startsWith(" ") ? text.substring(1) : text));
            } catch (IllegalArgumentException e) {
                throw new IpxeParseException(number, pos + 1, e.getMessage());
            }
            return;
        }
        readCommands(line, 0, number, out);
    }

    private static void readCommands(String text, int offset, int number, List<Statement> out)
            throws IpxeParseException {
        List<CommandReader.Token> tokens = tokens(text, offset);
        List<List<CommandReader.Token>> commands = new ArrayList<>();
        List<Separator> separators = new ArrayList<>();
        List<CommandReader.Token> current = new ArrayList<>();
        for (CommandReader.Token token : tokens) {
            if (token.text().startsWith("#")) {
                break;
            }
            Separator separator = separator(token.text());
            if (separator == null) {
                current.add(token);
                continue;
            }
            if (current.isEmpty()) {
                throw new IpxeParseException(number, token.column() + 1,
                        "empty command before \"" + token.text() + "\"");
            }
            commands.add(current);
            separators.add(separator);
            current = new ArrayList<>();
        }
        if (current.isEmpty()) {
            if (commands.isEmpty()) {
                return; // only a comment after a label: nothing runs
            }
            // "a ||" with nothing after: iPXE runs nothing; the model has no empty command.
            throw new IpxeParseException(number, text.length() + offset,
                    "empty command after \"" + separators.get(separators.size() - 1).token() + "\"");
        }
        commands.add(current);
        try {
            Line line = Line.of(CommandReader.parse(commands.get(0)));
            for (int i = 1; i < commands.size(); i++) {
                line = line.then(separators.get(i - 1), CommandReader.parse(commands.get(i)));
            }
            out.add(line);
        } catch (CommandReader.SyntaxError e) {
            throw new IpxeParseException(number, e.column + 1, e.getMessage());
        }
    }

    private static Separator separator(String token) {
        for (Separator separator : Separator.values()) {
            if (separator.token().equals(token)) {
                return separator;
            }
        }
        return null;
    }

    private static List<CommandReader.Token> tokens(String text, int offset) {
        List<CommandReader.Token> tokens = new ArrayList<>();
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
                tokens.add(new CommandReader.Token(text.substring(start, pos), start + offset));
            }
        }
        return tokens;
    }
}
