package org.bootnode.image.rootfs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.bootnode.image.initramfs.BuildListener;
import org.bootnode.image.initramfs.Busybox;
import org.bootnode.image.initramfs.Compression;
import org.bootnode.image.initramfs.CompressionOptions;
import org.bootnode.image.initramfs.ImageBuildException;
import org.bootnode.image.initramfs.Initramfs;

/**
 * The compute image: an uncompressed first segment holding the root file system as
 * {@code /rootfs.tar.xz} (already compressed: not compressed again), then a compressed segment
 * with busybox, {@code /init}, device nodes, the udhcpc script and the carried kernel modules.
 * At boot, init unpacks the tarball into a tmpfs and switches root to it (see {@link InitScripts}).
 *
 * <pre>{@code
 * ComputeImage.builder(Path.of("rootfs"), Busybox.load(Path.of("/bin/busybox")))
 *         .module(Path.of("e1000.ko"))
 *         .build()
 *         .writeTo(Path.of("compute.img"), CompressionOptions.builder().threads(4).build(), listener);
 * }</pre>
 */
public final class ComputeImage {
    /** Where the tarball sits in the image. */
    public static final String TARBALL_PATH = "rootfs.tar.xz";

    private final Path rootfs;
    private final Busybox busybox;
    private final List<Path> modules;
    private final ComputeInit init;
    private final Predicate<String> filter;
    private final Long sourceDateEpoch;

    private ComputeImage(Builder b) {
        this.rootfs = b.rootfs;
        this.busybox = b.busybox;
        this.modules = List.copyOf(b.modules);
        this.init = b.init;
        this.filter = b.filter;
        this.sourceDateEpoch = b.sourceDateEpoch;
    }

    /** A builder for the root file system {@code rootfs} and {@code busybox}. */
    public static Builder builder(Path rootfs, Busybox busybox) {
        return new Builder(rootfs, busybox);
    }

    /**
     * Builds the tarball (in a temporary file next to {@code output}), then the image, written
     * atomically; the temporary tarball is deleted in every case.
     */
    public void writeTo(Path output, CompressionOptions options, BuildListener listener) throws IOException {
        Path folder = output.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new ImageBuildException(output, "cannot write: folder " + folder + " does not exist");
        }
        for (Path m : modules) {
            KernelModules.check(m);
        }
        listener.phase("scanning " + rootfs);
        RootfsTarball tarball = RootfsTarball.scan(rootfs, filter, sourceDateEpoch, listener);
        Path temp = Files.createTempFile(folder, "." + output.getFileName() + ".rootfs.", ".tar.xz.tmp");
        try {
            listener.phase("rootfs tarball");
            try (var out = new BufferedOutputStream(Files.newOutputStream(temp), 256 * 1024)) {
                tarball.writeTo(out, options);
            }
            Initramfs.Builder b = Initramfs.builder();
            if (sourceDateEpoch != null) {
                b.sourceDateEpoch(sourceDateEpoch);
            }
            b.newSegment(Compression.NONE);
            b.addFile(TARBALL_PATH, temp, 0644);
            b.newSegment(null);
            ImageBase.add(b, busybox, modules);
            b.addDirectory("newroot", 0755);
            b.addFile("init", InitScripts.compute(init), 0755);
            listener.phase("initramfs");
            b.build().writeTo(output, options, listener);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Builds a {@link ComputeImage}. */
    public static final class Builder {
        private final Path rootfs;
        private final Busybox busybox;
        private final List<Path> modules = new ArrayList<>();
        private ComputeInit init = ComputeInit.defaults();
        private Predicate<String> filter = path -> true;
        private Long sourceDateEpoch;

        private Builder(Path rootfs, Busybox busybox) {
            this.rootfs = Objects.requireNonNull(rootfs, "rootfs");
            this.busybox = Objects.requireNonNull(busybox, "busybox");
        }

        /** A kernel module to load (in order) before reporting the boot. */
        public Builder module(Path ko) {
            modules.add(ko);
            return this;
        }

        /** Defaults of the init script. */
        public Builder init(ComputeInit init) {
            this.init = Objects.requireNonNull(init, "init");
            return this;
        }

        /** Which paths of the root file system (relative, e.g. {@code var/cache/apt}) to keep. */
        public Builder filter(Predicate<String> filter) {
            this.filter = Objects.requireNonNull(filter, "filter");
            return this;
        }

        /** Every mtime clamped to this (SOURCE_DATE_EPOCH). */
        public Builder sourceDateEpoch(Long epochSeconds) {
            this.sourceDateEpoch = epochSeconds;
            return this;
        }

        /** The image, to be written with {@link ComputeImage#writeTo}. */
        public ComputeImage build() throws IOException {
            if (!Files.isDirectory(rootfs)) {
                throw new ImageBuildException(rootfs, Files.exists(rootfs) ? "root file system is not a directory"
                        : "root file system folder not found");
            }
            for (Path m : modules) {
                KernelModules.check(m);
            }
            return new ComputeImage(this);
        }
    }
}
