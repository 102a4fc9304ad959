package org.bootnode.ipxe.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The commands the model describes, by name: iPXE's {@code COMMANDS} linker table. Reading,
 * writing and linting all look a command up here, so that a new command is one descriptor.
 *
 * @param <C> the model's command type
 * @param <V> the model's argument type
 */
public final class CommandTable<C, V> {

    private final ValueSyntax<V> values;
    private final Map<String, CommandSpec<? extends C, V>> byName = new LinkedHashMap<>();

    /** A table of these descriptors; a name given twice is refused. */
    public CommandTable(ValueSyntax<V> values, List<CommandSpec<? extends C, V>> specs) {
        this.values = values;
        for (CommandSpec<? extends C, V> spec : specs) {
            if (byName.putIfAbsent(spec.name(), spec) != null) {
                throw new IllegalArgumentException("command " + spec.name() + " described twice");
            }
        }
    }

    /** Whether the model describes this command. */
    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /** The descriptors by name, in table order. */
    public Map<String, CommandSpec<? extends C, V>> specs() {
        return Collections.unmodifiableMap(byName);
    }

    /** Whether the named command leaves the script when it succeeds. */
    public boolean leavesScript(String name) {
        CommandSpec<? extends C, V> spec = byName.get(name);
        return spec != null && spec.leavesScript();
    }

    /** Reads a described command from its tokens, or empty for a name the table does not hold. */
    public Optional<C> read(List<Token> tokens) {
        CommandSpec<? extends C, V> spec = byName.get(tokens.get(0).text());
        return spec == null ? Optional.empty() : Optional.of(spec.read(tokens, values));
    }

    /** Writes a described command by its name. */
    public String write(String name, C command) {
        CommandSpec<? extends C, V> spec = byName.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("no descriptor for command " + name);
        }
        return write(spec, command);
    }

    private <T extends C> String write(CommandSpec<T, V> spec, C command) {
        return spec.write(spec.type().cast(command), values);
    }
}
