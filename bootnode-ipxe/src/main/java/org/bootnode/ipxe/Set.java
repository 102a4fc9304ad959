package org.bootnode.ipxe;

import java.util.Objects;

/**
 * {@code set setting [value...]}: store the words, joined by single spaces, in a setting
 * (hci/commands/nvo_cmd.c). This is how a value with spaces reaches a single argument:
 * {@code set v a b} then {@code ${v}}. An empty value deletes the setting.
 *
 * @param setting the setting, optionally typed ({@code set x:hex 01:02})
 * @param value the value
 */
public record Set(Setting setting, Words value) implements Command {

    /** Checks the required parts. */
    public Set {
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(value, "value");
    }

    /** {@code set NAME TEXT}, the text split on single spaces. */
    public static Set of(String name, String text) {
        return new Set(Setting.parse(name), Words.of(text));
    }

    @Override
    public String name() {
        return "set";
    }
}
