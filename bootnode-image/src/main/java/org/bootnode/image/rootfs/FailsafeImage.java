package org.bootnode.image.rootfs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bootnode.image.initramfs.BuildListener;
import org.bootnode.image.initramfs.Busybox;
import org.bootnode.image.initramfs.CompressionOptions;
import org.bootnode.image.initramfs.Initramfs;

/**
 * The failsafe (rescue) image: busybox with its applet links, {@code /dev/console} and
 * {@code /dev/null}, optional NIC modules, and an init that mounts the basics, may report the
 * boot and starts a shell on the console (see {@link InitScripts}). Built without root.
 */
public final class FailsafeImage {
    private final Initramfs image;

    private FailsafeImage(Initramfs image) {
        this.image = image;
    }

    /** A builder for {@code busybox}. */
    public static Builder builder(Busybox busybox) {
        return new Builder(busybox);
    }

    /** The image's entries. */
    public Initramfs initramfs() {
        return image;
    }

    /** Writes the image to {@code output}, atomically. */
    public void writeTo(Path output, CompressionOptions options, BuildListener listener) throws IOException {
        listener.phase("failsafe image");
        image.writeTo(output, options, listener);
    }

    /** Builds a {@link FailsafeImage}. */
    public static final class Builder {
        private final Busybox busybox;
        private final List<Path> modules = new ArrayList<>();
        private Long sourceDateEpoch;

        private Builder(Busybox busybox) {
            this.busybox = busybox;
        }

        /** A kernel module to load (in order) before reporting the boot. */
        public Builder module(Path ko) {
            modules.add(ko);
            return this;
        }

        /** Every mtime clamped to this (SOURCE_DATE_EPOCH). */
        public Builder sourceDateEpoch(Long epochSeconds) {
            this.sourceDateEpoch = epochSeconds;
            return this;
        }

        /** Checks the inputs and collects the entries. */
        public FailsafeImage build() throws IOException {
            Initramfs.Builder b = Initramfs.builder();
            if (sourceDateEpoch != null) {
                b.sourceDateEpoch(sourceDateEpoch);
            }
            ImageBase.add(b, busybox, modules);
            b.addFile("init", InitScripts.failsafe(), 0755);
            return new FailsafeImage(b.build());
        }
    }
}
