package org.bootnode.ipxe;

import java.util.Objects;
import org.bootnode.ipxe.internal.CommandSpec;

/**
 * {@code clear setting}: delete a setting.
 *
 * @param setting the setting
 */
public record Clear(Setting setting) implements Command {

    /** {@code clear}: its options and arguments as iPXE declares them; how this record is read and written. */
    static final CommandSpec<Clear, Value> SPEC = Spec.of("clear", Clear.class)
            .args(1, 1)
            .reader(in -> new Clear(in.arg(0, Setting::parse)))
            .writer((c, out) -> out.literal(c.setting().qualifiedName()))
            .build();

    /** Checks the setting. */
    public Clear {
        Objects.requireNonNull(setting, "setting");
    }

    @Override
    public String name() {
        return SPEC.name();
    }
}
