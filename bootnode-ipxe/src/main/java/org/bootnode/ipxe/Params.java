package org.bootnode.ipxe;

/**
 * {@code params [--name n] [--delete]}: start (or delete) a list of form parameters for
 * HTTP POST.
 *
 * @param listName the list's name, or null for the default list
 * @param delete {@code --delete}
 */
public record Params(Value listName, boolean delete) implements Command {

    @Override
    public String name() {
        return "params";
    }
}
