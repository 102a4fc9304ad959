package org.bootnode.ipxe;

import java.util.Objects;
import org.bootnode.ipxe.internal.CommandSpec;
import org.bootnode.ipxe.internal.Keys;

/**
 * {@code item [--menu m] [--key k] [--default] [--gap] [label [text...]]}: add a menu item,
 * or with {@code --gap} a separator line (no label).
 *
 * @param menu the menu's name, or null for the current one
 * @param key the shortcut key's code, or null
 * @param isDefault {@code --default}
 * @param gap {@code --gap}: a separator, with no label
 * @param label the label that {@code choose} stores, or null for a gap
 * @param text the text shown
 */
public record Item(Value menu, Integer key, boolean isDefault, boolean gap, Value label, Words text)
        implements Command {

    /** {@code item}: its options and arguments as iPXE declares them; how this record is read and written. */
    static final CommandSpec<Item, Value> SPEC = Spec.of("item", Item.class)
            .option("menu", 'm').option("key", 'k').flag("default", 'd').flag("gap", 'g')
            .args(0, CommandSpec.MANY)
            .reader(in -> {
                boolean gap = in.flag("gap");
                return new Item(in.value("menu"), in.key("key"), in.flag("default"), gap, gap ? null : in.arg(0),
                        new Words(in.args(gap ? 0 : 1)));
            })
            .writer((c, out) -> out.option("menu", c.menu()).key("key", c.key()).flag("default", c.isDefault())
                    .flag("gap", c.gap()).arg(c.label()).args(c.text().words()))
            .build();

    /** Checks that a gap has no label and an item has one, and the key. */
    public Item {
        Objects.requireNonNull(text, "text");
        if (gap && label != null) {
            throw new IllegalArgumentException("item: a gap has no label (got " + label + ")");
        }
        if (!gap && label == null) {
            throw new IllegalArgumentException("item: label missing (expected: a label, or a gap)");
        }
        if (key != null) {
            Keys.check(key);
        }
    }

    /** {@code item LABEL TEXT}. */
    public static Item of(String label, String text) {
        return new Item(null, null, false, false, Value.text(label), Words.of(text));
    }

    /** {@code item --gap [TEXT]}. */
    public static Item gap(String text) {
        return new Item(null, null, false, true, null, Words.of(text));
    }

    /** The same with {@code --key}. */
    public Item withKey(char newKey) {
        return new Item(menu, (int) newKey, isDefault, gap, label, text);
    }

    /** The same with {@code --default}. */
    public Item asDefault() {
        return new Item(menu, key, true, gap, label, text);
    }

    @Override
    public String name() {
        return SPEC.name();
    }
}
