package org.bootnode.server.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bootnode image ...}: build and inspect initramfs images. */
@Command(name = "image", mixinStandardHelpOptions = true,
        description = "Build and inspect initramfs images.",
        subcommands = {ImageCommand.Build.class, ImageCommand.Failsafe.class,
                ImageCommand.Pack.class, ImageCommand.ListEntries.class})
final class ImageCommand {

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Build a compute image: init, busybox and the root file system as a tarball.")
    static final class Build implements Callable<Integer> {
        @Option(names = "--rootfs", required = true, paramLabel = "DIR") Path rootfs;
        @Option(names = "--busybox", required = true, paramLabel = "FILE") Path busybox;
        @Option(names = "--output", required = true, paramLabel = "FILE") Path output;
        @Option(names = "--compression", paramLabel = "xz|gzip|zstd|none", defaultValue = "xz") String compression;
        @Option(names = "--threads", paramLabel = "N") Integer threads;

        @Override
        public Integer call() {
            throw new NotYetAvailable("image build");
        }
    }

    @Command(name = "failsafe", mixinStandardHelpOptions = true,
            description = "Build the busybox-only rescue image.")
    static final class Failsafe implements Callable<Integer> {
        @Option(names = "--busybox", required = true, paramLabel = "FILE") Path busybox;
        @Option(names = "--output", required = true, paramLabel = "FILE") Path output;

        @Override
        public Integer call() {
            throw new NotYetAvailable("image failsafe");
        }
    }

    @Command(name = "pack", mixinStandardHelpOptions = true,
            description = "Pack any directory tree as an initramfs.")
    static final class Pack implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR") Path dir;
        @Option(names = "--output", required = true, paramLabel = "FILE") Path output;
        @Option(names = "--compression", paramLabel = "xz|gzip|zstd|none", defaultValue = "xz") String compression;
        @Option(names = "--threads", paramLabel = "N") Integer threads;

        @Override
        public Integer call() {
            throw new NotYetAvailable("image pack");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the entries of an initramfs: all segments, any compression.")
    static final class ListEntries implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE") Path file;

        @Override
        public Integer call() {
            throw new NotYetAvailable("image list");
        }
    }
}
