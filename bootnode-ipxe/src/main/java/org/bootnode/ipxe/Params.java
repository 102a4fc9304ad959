package org.bootnode.ipxe;

import org.bootnode.ipxe.internal.CommandSpec;

/**
 * {@code params [--name n] [--delete]}: start (or delete) a list of form parameters for
 * HTTP POST.
 *
 * @param listName the list's name, or null for the default list
 * @param delete {@code --delete}
 */
public record Params(Value listName, boolean delete) implements Command {

    /** {@code params}: its options and arguments as iPXE declares them; how this record is read and written. */
    static final CommandSpec<Params, Value> SPEC = Spec.of("params", Params.class)
            .option("name", 'n').flag("delete", 'd')
            .args(0, 0)
            .reader(in -> new Params(in.value("name"), in.flag("delete")))
            .writer((c, out) -> out.option("name", c.listName()).flag("delete", c.delete()))
            .build();

    @Override
    public String name() {
        return SPEC.name();
    }
}
