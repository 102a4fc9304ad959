package org.bootnode.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bootnode.image.cpio.CpioEntry;
import org.bootnode.image.cpio.CpioFormatException;
import org.bootnode.image.initramfs.BuildListener;
import org.bootnode.image.initramfs.Busybox;
import org.bootnode.image.initramfs.Compression;
import org.bootnode.image.initramfs.CompressionOptions;
import org.bootnode.image.initramfs.ImageBuildException;
import org.bootnode.image.initramfs.Initramfs;
import org.bootnode.image.initramfs.InitramfsReader;
import org.bootnode.image.initramfs.TreeOptions;
import org.bootnode.image.rootfs.ComputeImage;
import org.bootnode.image.rootfs.ComputeInit;
import org.bootnode.image.rootfs.FailsafeImage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bootnode image ...}: build and inspect initramfs images.
 *
 * <p>Failures (bad input, a missing folder, a corrupt image) are one line on stderr and exit 1;
 * an output is written under a temporary name and renamed when whole. Progress goes to stderr
 * only when a terminal is attached. SOURCE_DATE_EPOCH, when set, clamps every mtime.
 */
@Command(name = "image", mixinStandardHelpOptions = true,
        description = "Build and inspect initramfs images.",
        subcommands = {ImageCommand.Build.class, ImageCommand.Failsafe.class,
                ImageCommand.Pack.class, ImageCommand.ListEntries.class})
final class ImageCommand {
    private ImageCommand() {}

    /** Options shared by the commands that write an image. */
    static final class Output {
        @Option(names = "--output", required = true, paramLabel = "FILE", description = "The image to write.")
        Path output;

        @Option(names = "--compression", paramLabel = "xz|gzip|zstd|none", defaultValue = "xz",
                converter = CompressionConverter.class,
                description = "Compression of the image (default: ${DEFAULT-VALUE}).")
        Compression compression;

        @Option(names = "--level", paramLabel = "N",
                description = "Compression level: xz preset 0..9 (default 6), gzip 1..9 (default 6), zstd 1..19 (default 3).")
        Integer level;

        @Option(names = "--xz-exact",
                description = "xz preset 6 exactly as xz-utils' -6, every byte compressed. Default: a cheaper "
                        + "match search (HC4, nice length 48, depth 8; ~40%% less CPU, 62 instead of 93 MiB "
                        + "per thread, output ~2%% larger than the exact preset) and already compressed "
                        + "files of 1 MiB or more stored.")
        boolean xzExact;

        @Option(names = "--threads", paramLabel = "N",
                description = "Compression threads (default: the number of processors, at most 4, "
                        + "fewer if the Java heap (-Xmx) cannot hold them: ~70 MiB each for xz, ~100 with --xz-exact). "
                        + "The output is the same whatever the number.")
        Integer threads;

        @Spec(Spec.Target.MIXEE) CommandLine.Model.CommandSpec spec;

        CompressionOptions options() {
            CompressionOptions options;
            try {
                options = CompressionOptions.builder().compression(compression).level(level != null ? level : -1)
                        .xzExact(xzExact).build();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--" + e.getMessage());
            }
            int n = threads != null ? threads : defaultThreads(options, Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory());
            if (n < 1 || n > 256) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--threads: " + n + " (expected: 1..256)");
            }
            return options.toBuilder().threads(n).build();
        }

        /**
         * The processors, at most 4, and no more than the heap holds: an xz thread at preset 6
         * needs ~70 MiB (~100 with --xz-exact), so a JVM started with a small -Xmx gets fewer threads rather than an
         * OutOfMemoryError. The output is the same whatever the number.
         */
        static int defaultThreads(CompressionOptions options, int processors, long maxHeap) {
            long fit = (maxHeap - HEAP_RESERVE) / Math.max(1, options.memoryPerThread());
            return (int) Math.max(1, Math.min(Math.min(4, processors), fit));
        }

        /** The command's own objects, the entry list (~330 bytes per file), I/O buffers. */
        static final long HEAP_RESERVE = 48L << 20;

        /**
         * The heap {@code threads} compression threads need, with the reserve: what
         * packaging/bootnode gives an image command (LauncherTest holds the two together).
         */
        static long heapNeeded(CompressionOptions options, int threads) {
            return HEAP_RESERVE + threads * options.memoryPerThread();
        }
    }

    /** Turns {@code xz}, {@code gzip}, {@code zstd}, {@code none} into a {@link Compression}. */
    static final class CompressionConverter implements CommandLine.ITypeConverter<Compression> {
        @Override
        public Compression convert(String value) {
            try {
                return Compression.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' (expected: xz, gzip, zstd or none)");
            }
        }
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Build a compute image: init, busybox and the root file system as a tarball.")
    static final class Build implements Callable<Integer> {
        @Option(names = "--rootfs", required = true, paramLabel = "DIR", description = "The root file system (e.g. made by debootstrap).")
        Path rootfs;
        @Option(names = "--busybox", required = true, paramLabel = "FILE", description = "A static busybox (Debian: /bin/busybox of busybox-static).")
        Path busybox;
        @Option(names = "--module", paramLabel = "FILE", description = "A kernel module (.ko) to load, in the given order, before reporting the boot (repeatable).")
        List<Path> modules = new ArrayList<>();
        @Option(names = "--init", paramLabel = "PATH", defaultValue = ComputeInit.DEFAULT_INIT,
                description = "The root file system's init (default: ${DEFAULT-VALUE}; bootnode.init= overrides at boot).")
        String init;
        @Option(names = "--tmpfs-size", paramLabel = "SIZE", defaultValue = ComputeInit.DEFAULT_TMPFS_SIZE,
                description = "Default size of the root tmpfs (default: ${DEFAULT-VALUE}; bootnode.tmpfs= overrides at boot).")
        String tmpfsSize;
        @Mixin Output out;
        @Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            ComputeInit defaults;
            try {
                defaults = new ComputeInit(init, tmpfsSize);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            CompressionOptions options = out.options();
            Progress progress = Progress.of(spec);
            ComputeImage.Builder b = ComputeImage.builder(rootfs, Busybox.load(busybox)).init(defaults)
                    .sourceDateEpoch(sourceDateEpoch());
            modules.forEach(b::module);
            b.build().writeTo(out.output, options, progress);
            progress.done(out.output);
            return BootnodeCommand.EXIT_OK;
        }
    }

    @Command(name = "failsafe", mixinStandardHelpOptions = true,
            description = "Build the busybox-only rescue image.")
    static final class Failsafe implements Callable<Integer> {
        @Option(names = "--busybox", required = true, paramLabel = "FILE", description = "A static busybox.")
        Path busybox;
        @Option(names = "--module", paramLabel = "FILE", description = "A kernel module (.ko) to load, in order, before reporting the boot (repeatable).")
        List<Path> modules = new ArrayList<>();
        @Mixin Output out;
        @Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            CompressionOptions options = out.options();
            Progress progress = Progress.of(spec);
            FailsafeImage.Builder b = FailsafeImage.builder(Busybox.load(busybox)).sourceDateEpoch(sourceDateEpoch());
            modules.forEach(b::module);
            b.build().writeTo(out.output, options, progress);
            progress.done(out.output);
            return BootnodeCommand.EXIT_OK;
        }
    }

    @Command(name = "pack", mixinStandardHelpOptions = true,
            description = "Pack any directory tree as an initramfs (owners, modes, links and times kept).")
    static final class Pack implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "The tree to pack; it becomes the root.")
        Path dir;
        @Mixin Output out;
        @Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            CompressionOptions options = out.options();
            Progress progress = Progress.of(spec);
            Initramfs.Builder b = Initramfs.builder();
            Long epoch = sourceDateEpoch();
            if (epoch != null) {
                b.sourceDateEpoch(epoch);
            }
            progress.phase("scanning " + dir);
            Initramfs image = b.addTree(dir, "", TreeOptions.defaults(), progress).build();
            progress.phase("initramfs");
            image.writeTo(out.output, options, progress);
            progress.done(out.output);
            return BootnodeCommand.EXIT_OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the entries of an initramfs: all segments, any compression. "
                    + "Columns: segment, compression, mode, uid/gid, size, mtime, name.")
    static final class ListEntries implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;
        @Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new ImageBuildException(file, Files.exists(file) ? "not a regular file" : "no such file");
            }
            PrintWriter w = spec.commandLine().getOut();
            List<InitramfsReader.Listed> entries;
            try {
                entries = InitramfsReader.list(file);
            } catch (CpioFormatException e) {
                throw new IOException(file + ": not a valid initramfs: " + e.getMessage(), e);
            }
            for (InitramfsReader.Listed l : entries) {
                CpioEntry e = l.entry();
                String size = e.type().isDevice() ? e.rdevMajor() + "," + e.rdevMinor() : String.valueOf(e.size());
                w.printf(Locale.ROOT, "%d %-4s %s %d/%d %10s %10d %s%s%n", l.segment().index(), l.segment().compression().cliName(),
                        modeString(e), e.uid(), e.gid(), size, e.mtime(), e.name(),
                        l.linkTarget() != null ? " -> " + l.linkTarget() : "");
            }
            w.flush();
            return BootnodeCommand.EXIT_OK;
        }
    }

    static String modeString(CpioEntry e) {
        char type = switch (e.type()) {
            case DIRECTORY -> 'd';
            case SYMLINK -> 'l';
            case CHARACTER_DEVICE -> 'c';
            case BLOCK_DEVICE -> 'b';
            case FIFO -> 'p';
            case SOCKET -> 's';
            case REGULAR -> '-';
        };
        StringBuilder s = new StringBuilder().append(type);
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            s.append((e.permissions() & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
        }
        int p = e.permissions();
        if ((p & 04000) != 0) s.setCharAt(3, (p & 0100) != 0 ? 's' : 'S');
        if ((p & 02000) != 0) s.setCharAt(6, (p & 010) != 0 ? 's' : 'S');
        if ((p & 01000) != 0) s.setCharAt(9, (p & 01) != 0 ? 't' : 'T');
        return s.toString();
    }

    static Long sourceDateEpoch() {
        String value = System.getenv("SOURCE_DATE_EPOCH");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SOURCE_DATE_EPOCH: " + value + " (expected: seconds since 1970)");
        }
    }

    /** Warnings always, progress only on a terminal, to stderr. */
    static final class Progress implements BuildListener {
        private final PrintWriter err;
        private final boolean terminal;
        private String phase = "";
        private long total;
        private int lastPercent = -1;

        Progress(PrintWriter err, boolean terminal) {
            this.err = err;
            this.terminal = terminal;
        }

        static Progress of(CommandLine.Model.CommandSpec spec) {
            return new Progress(spec.commandLine().getErr(), System.console() != null);
        }

        @Override
        public void warning(Path path, String message) {
            clearLine();
            err.println("bootnode: warning: " + path + ": " + message);
            err.flush();
        }

        @Override
        public void phase(String name) {
            clearLine();
            phase = name;
            if (terminal) {
                err.print("\rbootnode: " + name);
                err.flush();
            }
        }

        @Override
        public void started(long totalBytes) {
            total = totalBytes;
            lastPercent = -1;
        }

        @Override
        public void progress(long bytesDone) {
            if (!terminal || total <= 0) {
                return;
            }
            int percent = (int) Math.min(100, bytesDone * 100 / total);
            if (percent != lastPercent) {
                lastPercent = percent;
                err.printf(Locale.ROOT, "\rbootnode: %s: %3d%% of %d MiB", phase, percent, total >> 20);
                err.flush();
            }
        }

        void done(Path output) {
            clearLine();
            if (terminal) {
                err.println("bootnode: wrote " + output);
                err.flush();
            }
        }

        private void clearLine() {
            if (terminal) {
                err.print("\r\033[K");
            }
        }
    }
}
