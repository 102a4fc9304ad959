package org.bootnode.ipxe;

import java.util.Objects;

/**
 * {@code imgverify [--signer s] [--keep] image signature}: check an image's signature.
 *
 * @param image the image (name or URI)
 * @param signature the detached signature (name or URI)
 * @param signer the required signer's common name, or null
 * @param keep {@code --keep}: keep the signature image
 */
public record Imgverify(Value image, Value signature, Value signer, boolean keep) implements Command {

    /** Checks the required parts. */
    public Imgverify {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(signature, "signature");
    }

    @Override
    public String name() {
        return "imgverify";
    }
}
