package org.bootnode.ipxe;

import java.util.Objects;

/**
 * {@code imgargs image [args...]}: replace an image's command line.
 *
 * @param image the image name
 * @param args the new command line
 */
public record Imgargs(Value image, Words args) implements Command {

    /** Checks the required parts. */
    public Imgargs {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(args, "args");
    }

    @Override
    public String name() {
        return "imgargs";
    }
}
