package org.bootnode.ipxe;

import java.util.Objects;
import org.bootnode.ipxe.internal.CommandSpec;

/**
 * {@code imgargs image [args...]}: replace an image's command line.
 *
 * @param image the image name
 * @param args the new command line
 */
public record Imgargs(Value image, Words args) implements Command {

    /** {@code imgargs}: its options and arguments as iPXE declares them; how this record is read and written. */
    static final CommandSpec<Imgargs, Value> SPEC = Spec.of("imgargs", Imgargs.class)
            .args(1, CommandSpec.MANY)
            .reader(in -> new Imgargs(in.arg(0), new Words(in.args(1))))
            .writer((c, out) -> out.arg(c.image()).args(c.args().words()))
            .build();

    /** Checks the required parts. */
    public Imgargs {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(args, "args");
    }

    @Override
    public String name() {
        return SPEC.name();
    }
}
