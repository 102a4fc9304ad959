package org.bootnode.ipxe;

import java.util.Objects;
import org.bootnode.ipxe.internal.Syntax;

/**
 * A label line, {@code :name}, the target of {@code goto}. The name follows the rules of a
 * literal {@link Value}, so that {@code goto name} reaches it, and may not end in a
 * backslash (the label line would continue on the next one).
 *
 * @param name the label without its colon
 */
public record Label(String name) implements Statement {

    /** Checks the name. */
    public Label {
        Objects.requireNonNull(name, "name");
        try {
            Value.text(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("label: " + e.getMessage(), e);
        }
        if (name.endsWith("\\")) {
            throw new IllegalArgumentException("label: " + Syntax.quote(name)
                    + " ends in a backslash (iPXE would join the next line to it)");
        }
    }

    @Override
    public String render() {
        return ":" + name;
    }
}
