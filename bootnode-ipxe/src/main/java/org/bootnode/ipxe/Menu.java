package org.bootnode.ipxe;

import java.util.Objects;
import org.bootnode.ipxe.internal.CommandSpec;

/**
 * {@code menu [--name n] [title...]}: start a menu.
 *
 * @param menuName the menu's name, or null for the default menu
 * @param title the title
 */
public record Menu(Value menuName, Words title) implements Command {

    /** {@code menu}: its options and arguments as iPXE declares them; how this record is read and written. */
    static final CommandSpec<Menu, Value> SPEC = Spec.of("menu", Menu.class)
            .option("name", 'n')
            .args(0, CommandSpec.MANY)
            .reader(in -> new Menu(in.value("name"), new Words(in.args(0))))
            .writer((c, out) -> out.option("name", c.menuName()).args(c.title().words()))
            .build();

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
        return SPEC.name();
    }
}
