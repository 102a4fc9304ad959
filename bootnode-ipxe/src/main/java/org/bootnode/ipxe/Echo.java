package org.bootnode.ipxe;

import java.util.Objects;
import org.bootnode.ipxe.internal.CommandSpec;

/**
 * {@code echo [-n] [text...]}: print text, joined by single spaces.
 *
 * @param noNewline {@code -n}: no newline after the text
 * @param text the text
 */
public record Echo(boolean noNewline, Words text) implements Command {

    /** {@code echo}: its options and arguments as iPXE declares them; how this record is read and written. */
    static final CommandSpec<Echo, Value> SPEC = Spec.of("echo", Echo.class)
            .flag("n", 'n')
            .args(0, CommandSpec.MANY)
            .reader(in -> new Echo(in.flag("n"), new Words(in.args(0))))
            .writer((c, out) -> out.flag("n", c.noNewline()).args(c.text().words()))
            .build();

    /** Checks the text. */
    public Echo {
        Objects.requireNonNull(text, "text");
    }

    /** {@code echo TEXT}, the text split on single spaces. */
    public static Echo of(String text) {
        return new Echo(false, Words.of(text));
    }

    @Override
    public String name() {
        return SPEC.name();
    }
}
