package org.bootnode.ipxe;

/** {@code poweroff}: turn the machine off. */
public record Poweroff() implements Command {

    @Override
    public String name() {
        return "poweroff";
    }
}
