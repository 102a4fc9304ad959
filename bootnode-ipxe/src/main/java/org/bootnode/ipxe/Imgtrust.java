package org.bootnode.ipxe;

/**
 * {@code imgtrust [--allow] [--permanent]}: require trusted images from now on.
 *
 * @param allow {@code --allow}: allow untrusted images again
 * @param permanent {@code --permanent}: make the policy permanent
 */
public record Imgtrust(boolean allow, boolean permanent) implements Command {

    @Override
    public String name() {
        return "imgtrust";
    }
}
