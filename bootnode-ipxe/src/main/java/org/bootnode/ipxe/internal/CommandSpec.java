package org.bootnode.ipxe.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Everything about one command in one place, as iPXE's {@code struct command} and
 * {@code struct command_descriptor} hold it (include/ipxe/command.h, include/ipxe/parseopt.h):
 * the name, the option table, how many arguments it takes, how to read the model's record
 * from a parsed command line and how to write it back. Each record of the model declares its
 * own descriptor beside its fields; {@link CommandTable} collects them.
 *
 * <pre>{@code
 * static final CommandSpec<Echo, Value> SPEC = CommandSpec.<Echo, Value>builder("echo", Echo.class)
 *         .flag("n", 'n')
 *         .args(0, CommandSpec.MANY)
 *         .reader(in -> new Echo(in.flag("n"), new Words(in.args(0))))
 *         .writer((echo, out) -> out.flag("n", echo.noNewline()).args(echo.text().words()))
 *         .build();
 * }</pre>
 *
 * @param <C> the model's record
 * @param <V> the model's argument type
 */
public final class CommandSpec<C, V> {

    /** No upper bound on the arguments. */
    public static final int MANY = Integer.MAX_VALUE;

    private final String name;
    private final Class<C> type;
    private final List<OptionSpec> options;
    private final int minArgs;
    private final int maxArgs;
    private final boolean leavesScript;
    private final Function<Invocation<V>, C> reader;
    private final BiConsumer<C, CommandLine<V>> writer;

    private CommandSpec(Builder<C, V> b) {
        this.name = b.name;
        this.type = b.type;
        this.options = List.copyOf(b.options);
        this.minArgs = b.minArgs;
        this.maxArgs = b.maxArgs;
        this.leavesScript = b.leavesScript;
        this.reader = Objects.requireNonNull(b.reader, "reader");
        this.writer = Objects.requireNonNull(b.writer, "writer");
    }

    /** A descriptor for the command {@code name}, read into and written from {@code type}. */
    public static <C, V> Builder<C, V> builder(String name, Class<C> type) {
        return new Builder<>(name, type);
    }

    /** The command's name as typed in a script. */
    public String name() {
        return name;
    }

    /** The record type. */
    public Class<C> type() {
        return type;
    }

    /** The option table. */
    public List<OptionSpec> options() {
        return options;
    }

    /** Whether the script does not go on after this command succeeds (boot, chain, exit, ...). */
    public boolean leavesScript() {
        return leavesScript;
    }

    /**
     * Reads the record from its tokens (the first is the name).
     *
     * @throws SyntaxError for bad options, a wrong argument count, or a record that refuses
     *     its fields (reported at the command's column)
     */
    public C read(List<Token> tokens, ValueSyntax<V> values) {
        Invocation<V> in = Getopt.parse(tokens, options, minArgs, maxArgs, values);
        try {
            return reader.apply(in);
        } catch (IllegalArgumentException e) {
            throw new SyntaxError(tokens.get(0).column(), e.getMessage());
        }
    }

    /** Writes the record as one line. */
    public String write(C command, ValueSyntax<V> values) {
        CommandLine<V> out = new CommandLine<>(name, values);
        writer.accept(command, out);
        return out.render();
    }

    /** Collects a descriptor. */
    public static final class Builder<C, V> {
        private final String name;
        private final Class<C> type;
        private final List<OptionSpec> options = new ArrayList<>();
        private int minArgs;
        private int maxArgs;
        private boolean leavesScript;
        private Function<Invocation<V>, C> reader;
        private BiConsumer<C, CommandLine<V>> writer;

        private Builder(String name, Class<C> type) {
            this.name = Objects.requireNonNull(name, "name");
            this.type = Objects.requireNonNull(type, "type");
        }

        /** An option without a value ({@code no_argument}). */
        public Builder<C, V> flag(String option, char letter) {
            options.add(new OptionSpec(option, letter, false));
            return this;
        }

        /** An option with a value ({@code required_argument}). */
        public Builder<C, V> option(String option, char letter) {
            options.add(new OptionSpec(option, letter, true));
            return this;
        }

        /** How many arguments follow the options ({@code min_args}, {@code max_args}); default none. */
        public Builder<C, V> args(int min, int max) {
            if (min < 0 || max < min) {
                throw new IllegalArgumentException("args: " + min + ".." + max + " (expected: 0 <= min <= max)");
            }
            this.minArgs = min;
            this.maxArgs = max;
            return this;
        }

        /** The script does not go on after this command succeeds. */
        public Builder<C, V> leavesScript() {
            this.leavesScript = true;
            return this;
        }

        /** Builds the record from a parsed command line; may throw {@link IllegalArgumentException}. */
        public Builder<C, V> reader(Function<Invocation<V>, C> newReader) {
            this.reader = newReader;
            return this;
        }

        /** Writes the record's options and arguments, in the order iPXE's usage line gives them. */
        public Builder<C, V> writer(BiConsumer<C, CommandLine<V>> newWriter) {
            this.writer = newWriter;
            return this;
        }

        /** The descriptor. */
        public CommandSpec<C, V> build() {
            return new CommandSpec<>(this);
        }
    }
}
