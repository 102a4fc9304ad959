package org.bootnode.ipxe;

import java.util.Objects;
import org.bootnode.ipxe.internal.CommandSpec;

/**
 * {@code param [--params n] [--header] key [value...]}: add a form parameter (or, with
 * {@code --header}, an HTTP header).
 *
 * @param list the list's name, or null for the default list
 * @param header {@code --header}
 * @param key the parameter's name
 * @param value the value
 */
public record Param(Value list, boolean header, Value key, Words value) implements Command {

    /** {@code param}: its options and arguments as iPXE declares them; how this record is read and written. */
    static final CommandSpec<Param, Value> SPEC = Spec.of("param", Param.class)
            .option("params", 'p').flag("header", 'H')
            .args(1, CommandSpec.MANY)
            .reader(in -> new Param(in.value("params"), in.flag("header"), in.arg(0), new Words(in.args(1))))
            .writer((c, out) -> out.option("params", c.list()).flag("header", c.header())
                    .arg(c.key()).args(c.value().words()))
            .build();

    /** Checks the required parts. */
    public Param {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String name() {
        return SPEC.name();
    }
}
