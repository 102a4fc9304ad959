package org.bootnode.ipxe;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Commands on one line joined by separators: {@code kernel ... || goto retry}.
 *
 * @param first the first command
 * @param rest the following commands with their separators
 */
public record Line(Command first, List<Step> rest) implements Statement {

    /**
     * A separator and the command it introduces.
     *
     * @param separator how the command follows the previous one
     * @param command the command
     */
    public record Step(Separator separator, Command command) {
        /** Checks both are present. */
        public Step {
            Objects.requireNonNull(separator, "separator");
            Objects.requireNonNull(command, "command");
        }
    }

    /** Checks the first command and copies the rest. */
    public Line {
        Objects.requireNonNull(first, "first");
        rest = List.copyOf(rest);
    }

    /** A line of one command. */
    public static Line of(Command command) {
        return new Line(command, List.of());
    }

    /** This line followed by {@code || command}. */
    public Line or(Command command) {
        return then(Separator.OR, command);
    }

    /** This line followed by {@code && command}. */
    public Line and(Command command) {
        return then(Separator.AND, command);
    }

    /** This line followed by {@code SEPARATOR command}. */
    public Line then(Separator separator, Command command) {
        List<Step> steps = new ArrayList<>(rest);
        steps.add(new Step(separator, command));
        return new Line(first, steps);
    }

    /** All commands on the line, in order. */
    public List<Command> commands() {
        List<Command> all = new ArrayList<>();
        all.add(first);
        rest.forEach(step -> all.add(step.command()));
        return all;
    }

    @Override
    public String render() {
        StringBuilder out = new StringBuilder(first.render());
        for (Step step : rest) {
            out.append(' ').append(step.separator().token()).append(' ').append(step.command().render());
        }
        // script.c: a line ending in '\' continues on the next one; a trailing comment token
        // keeps the backslash part of the last argument.
        if (out.charAt(out.length() - 1) == '\\') {
            out.append(" #");
        }
        return out.toString();
    }
}
