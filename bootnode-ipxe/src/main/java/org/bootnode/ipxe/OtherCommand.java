package org.bootnode.ipxe;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bootnode.ipxe.internal.Syntax;

/**
 * A command this model does not describe ({@code imgfree}, {@code show}, {@code sanboot},
 * a typo, ...), kept token by token so that a parsed script renders back unchanged. The
 * linter reports names iPXE does not know. A modelled command's name is refused: use its
 * record, so that each script has one model.
 *
 * @param name the command name
 * @param args the arguments, options included, as written
 */
public record OtherCommand(String name, List<Value> args) implements Command {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.][A-Za-z0-9_.\\-]*");

    /** Checks the name and copies the arguments. */
    public OtherCommand {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("command name: " + Syntax.quote(name)
                    + " (expected: letters, digits, '_', '.', '-')");
        }
        if (Commands.TABLE.has(name)) {
            throw new IllegalArgumentException("command name: " + name + " has its own model type");
        }
        args = List.copyOf(args);
    }

    /** The command and its arguments, each as written. */
    @Override
    public String render() {
        StringBuilder out = new StringBuilder(name);
        args.forEach(arg -> out.append(' ').append(arg.render()));
        return out.toString();
    }

    /** {@code NAME ARGS...}, each argument a literal token. */
    public static OtherCommand of(String name, String... args) {
        return new OtherCommand(name, Arrays.stream(args).map(Value::text).toList());
    }
}
