package org.bootnode.ipxe;

/** {@code shell}: an interactive iPXE shell. */
public record Shell() implements Command {

    @Override
    public String name() {
        return "shell";
    }
}
