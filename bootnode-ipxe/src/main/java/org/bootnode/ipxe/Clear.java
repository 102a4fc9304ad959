package org.bootnode.ipxe;

import java.util.Objects;

/**
 * {@code clear setting}: delete a setting.
 *
 * @param setting the setting
 */
public record Clear(Setting setting) implements Command {

    /** Checks the setting. */
    public Clear {
        Objects.requireNonNull(setting, "setting");
    }

    @Override
    public String name() {
        return "clear";
    }
}
