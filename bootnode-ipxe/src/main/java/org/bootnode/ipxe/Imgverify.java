package org.bootnode.ipxe;

import java.util.Objects;
import org.bootnode.ipxe.internal.CommandSpec;

/**
 * {@code imgverify [--signer s] [--keep] image signature}: check an image's signature.
 *
 * @param image the image (name or URI)
 * @param signature the detached signature (name or URI)
 * @param signer the required signer's common name, or null
 * @param keep {@code --keep}: keep the signature image
 */
public record Imgverify(Value image, Value signature, Value signer, boolean keep) implements Command {

    /** {@code imgverify}: its options and arguments as iPXE declares them; how this record is read and written. */
    static final CommandSpec<Imgverify, Value> SPEC = Spec.of("imgverify", Imgverify.class)
            .option("signer", 's').flag("keep", 'k')
            .args(2, 2)
            .reader(in -> new Imgverify(in.arg(0), in.arg(1), in.value("signer"), in.flag("keep")))
            .writer((c, out) -> out.option("signer", c.signer()).flag("keep", c.keep())
                    .arg(c.image()).arg(c.signature()))
            .build();

    /** Checks the required parts. */
    public Imgverify {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(signature, "signature");
    }

    @Override
    public String name() {
        return SPEC.name();
    }
}
