package org.bootnode.ipxe;

import java.util.ArrayList;
import java.util.List;
import org.bootnode.ipxe.internal.ScriptLexer;
import org.bootnode.ipxe.internal.SyntaxError;
import org.bootnode.ipxe.internal.Token;

/**
 * Builds the statements of a script from what {@link ScriptLexer} split: labels, comments and
 * blank lines as they are, each command by its descriptor in {@link Commands#TABLE}, any
 * other name as an {@link OtherCommand}.
 */
final class ScriptReader {

    private ScriptReader() {
    }

    static IpxeScript read(String text) throws IpxeParseException {
        int line = 1;
        try {
            List<Statement> statements = new ArrayList<>();
            for (ScriptLexer.Lexed lexed : ScriptLexer.lex(text)) {
                line = lexed.line();
                statements.add(statement(lexed));
            }
            return new IpxeScript(statements);
        } catch (SyntaxError e) {
            throw new IpxeParseException(e.line() != 0 ? e.line() : line, e.column() + 1, e.getMessage());
        }
    }

    private static Statement statement(ScriptLexer.Lexed lexed) {
        if (lexed instanceof ScriptLexer.BlankLine) {
            return new Blank();
        }
        if (lexed instanceof ScriptLexer.LabelLine label) {
            try {
                return new Label(label.name());
            } catch (IllegalArgumentException e) {
                throw new SyntaxError(label.column(), e.getMessage());
            }
        }
        if (lexed instanceof ScriptLexer.CommentLine comment) {
            try {
                return new Comment(comment.text());
            } catch (IllegalArgumentException e) {
                throw new SyntaxError(comment.column(), e.getMessage());
            }
        }
        ScriptLexer.CommandsLine commands = (ScriptLexer.CommandsLine) lexed;
        Line line = Line.of(command(commands.commands().get(0)));
        for (int i = 1; i < commands.commands().size(); i++) {
            line = line.then(separator(commands.separators().get(i - 1)), command(commands.commands().get(i)));
        }
        return line;
    }

    private static Command command(List<Token> tokens) {
        return Commands.TABLE.read(tokens).orElseGet(() -> {
            Token head = tokens.get(0);
            try {
                List<Value> args = tokens.subList(1, tokens.size()).stream().map(Value::read).toList();
                return new OtherCommand(head.text(), args);
            } catch (IllegalArgumentException e) {
                throw new SyntaxError(head.column(), e.getMessage());
            }
        });
    }

    private static Separator separator(String token) {
        for (Separator separator : Separator.values()) {
            if (separator.token().equals(token)) {
                return separator;
            }
        }
        throw new IllegalStateException("not a separator: " + token);
    }
}
