package org.bootnode.ipxe;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.bootnode.ipxe.internal.Linter;

/**
 * An iPXE script: the {@code #!ipxe} signature and one line per {@link Statement}.
 *
 * <pre>{@code
 * IpxeScript script = IpxeScript.builder()
 *         .command(Dhcp.any())
 *         .line(Line.of(ImageFetch.chain(url)).or(Goto.to("retry")))
 *         .build();
 * String text = script.render();
 * IpxeScript again = IpxeScript.parse(text);   // equals script
 * }</pre>
 *
 * <p>Everything in the model is checked when it is built, so that the rendered text is read
 * by iPXE exactly as the model says; {@link #parse} reads a script back, and
 * {@code parse(s.render()).render()} equals {@code s.render()}.
 *
 * @param statements the lines after the signature
 */
public record IpxeScript(List<Statement> statements) {

    /** The first line of every script. */
    public static final String SIGNATURE = "#!ipxe";

    /** Copies the list. */
    public IpxeScript {
        statements = List.copyOf(statements);
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a script as iPXE would.
     *
     * @throws IpxeParseException when the text is not a script, or holds something this
     *     model cannot represent (a nested reference, an unknown option of a known command)
     */
    public static IpxeScript parse(String text) throws IpxeParseException {
        return ScriptReader.read(Objects.requireNonNull(text, "text"));
    }

    /** The script text: the signature, then each statement on its own line, LF-terminated. */
    public String render() {
        StringBuilder out = new StringBuilder(SIGNATURE).append('\n');
        for (Statement statement : statements) {
            out.append(statement.render()).append('\n');
        }
        return out.toString();
    }

    /** Lint findings for this script, in line order; empty when there is nothing to report. */
    public List<LintIssue> lint() {
        List<Linter.Step> steps = new ArrayList<>();
        for (Statement statement : statements) {
            if (statement instanceof Label label) {
                steps.add(Linter.Step.label(label.name()));
            } else if (statement instanceof Line line) {
                steps.add(new Linter.Step(null, line.commands().stream().map(IpxeScript::call).toList()));
            } else {
                steps.add(new Linter.Step(null, List.of()));
            }
        }
        return Linter.lint(steps, Commands.TABLE).stream()
                .map(f -> new LintIssue(LintIssue.Kind.valueOf(f.problem().name()), f.line(), f.message()))
                .toList();
    }

    private static Linter.Call call(Command command) {
        if (command instanceof Goto go) {
            return new Linter.Call(go.name(), go.target().isLiteral() ? go.target().render() : null, true);
        }
        return new Linter.Call(command.name(), null, false);
    }

    @Override
    public String toString() {
        return render();
    }

    /** Appends statements in order. */
    public static final class Builder {
        private final List<Statement> statements = new ArrayList<>();

        private Builder() {
        }

        /** Appends any statement. */
        public Builder add(Statement statement) {
            statements.add(Objects.requireNonNull(statement, "statement"));
            return this;
        }

        /** Appends a line holding one command. */
        public Builder command(Command command) {
            return add(Line.of(command));
        }

        /** Appends a line of commands joined by separators. */
        public Builder line(Line line) {
            return add(line);
        }

        /** Appends a label line {@code :name}. */
        public Builder label(String name) {
            return add(new Label(name));
        }

        /** Appends a comment line {@code # text}. */
        public Builder comment(String text) {
            return add(new Comment(text));
        }

        /** Appends an empty line. */
        public Builder blank() {
            return add(new Blank());
        }

        /** Lets {@code steps} append to this builder, keeping a chain of calls readable. */
        public Builder apply(Consumer<Builder> steps) {
            steps.accept(this);
            return this;
        }

        /** The script. */
        public IpxeScript build() {
            return new IpxeScript(statements);
        }
    }
}
