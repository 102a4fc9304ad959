package org.bootnode.tftp.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.bootnode.tftp.server.internal.fastpath.MappingCache;

/** The TFTP root on disk. */
final class DirectorySource implements FileSource {
    private final Path root;
    private final MappingCache mappings = new MappingCache();
    private final OpenFiles openFiles = new OpenFiles();

    DirectorySource(Path root) {
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("TFTP root: " + root, e);
        }
        if (!Files.isDirectory(this.root)) {
            throw new IllegalArgumentException("TFTP root: " + root + " (expected: a directory)");
        }
    }

    @Override
    public FileLookup open(InetSocketAddress client, String filename) throws IOException {
        TftpPaths.Name name = TftpPaths.normalise(filename);
        if (name.refused()) {
            return FileLookup.denied(name.refusal());
        }
        Path candidate = root.resolve(name.path());
        if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS) && !Files.exists(candidate)) {
            return FileLookup.notFound("no such file: " + name.path());
        }
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (NoSuchFileException e) {
            // A dangling symlink: there is nothing to read.
            return FileLookup.notFound("no such file: " + name.path());
        }
        if (!real.startsWith(root)) {
            return FileLookup.denied("leaves the root: " + name.path());
        }
        if (Files.isDirectory(real)) {
            return FileLookup.denied("a directory: " + name.path());
        }
        if (!Files.isRegularFile(real)) {
            return FileLookup.denied("not a regular file: " + name.path());
        }
        try {
            // Opening the real path: a symlink swapped in after the check cannot redirect the read.
            // The same identity before and after the open: the channel is that file, so it and
            // its mapping may be shared with other transfers of it (else it gets its own).
            MappingCache.Key before = MappingCache.Key.of(Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
            OpenFiles.Open shared = before == null ? null : openFiles.acquire(before);
            if (shared != null) {
                return found(shared, before, real);
            }
            FileChannel channel = FileChannel.open(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            try {
                MappingCache.Key after = MappingCache.Key.of(Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
                if (before != null && before.equals(after)) {
                    return found(openFiles.share(after, channel), after, real);
                }
                return FileLookup.found(new ChannelFile(channel, mappings, null, null, null, null));
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (AccessDeniedException e) {
            return FileLookup.denied("not readable: " + name.path());
        } catch (NoSuchFileException e) {
            return FileLookup.notFound("no such file: " + name.path());
        }
    }

    private FileLookup found(OpenFiles.Open shared, MappingCache.Key key, Path real) throws IOException {
        try {
            return FileLookup.found(new ChannelFile(shared.channel, mappings, key, real, openFiles, shared));
        } catch (IOException | RuntimeException e) {
            openFiles.release(shared);
            throw e;
        }
    }

    /** Files open now, shared by their transfers (tests). */
    int openFiles() {
        return openFiles.size();
    }
}
