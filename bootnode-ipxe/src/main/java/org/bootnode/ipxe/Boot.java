package org.bootnode.ipxe;

/**
 * {@code boot [image]}: execute an image (the selected one when none is named).
 *
 * @param image the image name, or null
 */
public record Boot(Value image) implements Command {

    /** {@code boot}. */
    public static Boot selected() {
        return new Boot(null);
    }

    @Override
    public String name() {
        return "boot";
    }
}
