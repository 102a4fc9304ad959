package org.bootnode.ipxe;

import java.util.Objects;
import org.bootnode.ipxe.internal.CommandSpec;

/**
 * {@code choose [--menu m] [--default label] [--timeout ms] [--keep] setting}: show a menu
 * and store the chosen item's label in a setting.
 *
 * @param menu the menu's name, or null for the current one
 * @param defaultLabel the label chosen initially and on timeout, or null
 * @param timeoutMillis the timeout in milliseconds, or null for none
 * @param keep {@code --keep}: keep the menu afterwards
 * @param target the setting that receives the label
 */
public record Choose(Value menu, Value defaultLabel, Long timeoutMillis, boolean keep, Setting target)
        implements Command {

    /** {@code choose}: its options and arguments as iPXE declares them; how this record is read and written. */
    static final CommandSpec<Choose, Value> SPEC = Spec.of("choose", Choose.class)
            .option("menu", 'm').option("default", 'd').option("timeout", 't').flag("keep", 'k')
            .args(1, 1)
            .reader(in -> new Choose(in.value("menu"), in.value("default"), in.number("timeout"), in.flag("keep"),
                    in.arg(0, Setting::parse)))
            .writer((c, out) -> out.option("menu", c.menu()).option("default", c.defaultLabel())
                    .option("timeout", c.timeoutMillis()).flag("keep", c.keep()).literal(c.target().qualifiedName()))
            .build();

    /** Checks the target and the timeout. */
    public Choose {
        Objects.requireNonNull(target, "target");
        if (timeoutMillis != null && timeoutMillis < 0) {
            throw new IllegalArgumentException("timeout: " + timeoutMillis + " (expected: >= 0 ms)");
        }
    }

    /** {@code choose [--default D] [--timeout T] TARGET}. */
    public static Choose of(String target, String defaultLabel, Long timeoutMillis) {
        return new Choose(null, defaultLabel == null ? null : Value.text(defaultLabel), timeoutMillis,
                false, Setting.parse(target));
    }

    @Override
    public String name() {
        return SPEC.name();
    }
}
