package org.bootnode.ipxe;

/**
 * {@code reboot [--warm]}: restart the machine.
 *
 * @param warm {@code --warm}: a warm reboot
 */
public record Reboot(boolean warm) implements Command {

    @Override
    public String name() {
        return "reboot";
    }
}
