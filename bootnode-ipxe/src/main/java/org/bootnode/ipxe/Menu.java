package org.bootnode.ipxe;

import java.util.Objects;

/**
 * {@code menu [--name n] [title...]}: start a menu.
 *
 * @param menuName the menu's name, or null for the default menu
 * @param title the title
 */
public record Menu(Value menuName, Words title) implements Command {

    /** Checks the title. */
    public Menu {
        Objects.requireNonNull(title, "title");
    }

    /** {@code menu TITLE}. */
    public static Menu titled(String title) {
        return new Menu(null, Words.of(title));
    }

    @Override
    public String name() {
        return "menu";
    }
}
