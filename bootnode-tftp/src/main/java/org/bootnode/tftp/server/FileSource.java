package org.bootnode.tftp.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the files a client reads come from. {@link #open} may block (disk, a generator): the
 * server calls it on its bounded file executor, never on an event loop.
 */
@FunctionalInterface
public interface FileSource {
    /**
     * Looks up the file a client asked for.
     *
     * @param client the client's address and port
     * @param filename the name exactly as the client sent it (see {@link TftpPaths})
     */
    FileLookup open(InetSocketAddress client, String filename) throws IOException;

    /**
     * A folder on disk, the TFTP root. Names go through {@link TftpPaths#normalise}: absolute
     * names are mapped into the root, {@code \} is a separator, and {@code ..}, NUL bytes,
     * control characters, percent-escapes, symlinks that leave the root, directories and
     * anything but a regular file are refused with an access error.
     */
    static FileSource directory(Path root) {
        return new DirectorySource(root);
    }

    /** Files in memory, by name (looked up after {@link TftpPaths#normalise}). */
    static FileSource inMemory(Map<String, byte[]> files) {
        return new MemorySource(files);
    }

    /** Files made per client: the generator gets the client and the normalised name. */
    static FileSource generated(Generator generator) {
        return (client, filename) -> {
            TftpPaths.Name name = TftpPaths.normalise(filename);
            if (name.refused()) {
                return FileLookup.denied(name.refusal());
            }
            return generator.generate(client, name.path())
                    .map(bytes -> FileLookup.found(TftpFile.of(bytes)))
                    .orElseGet(() -> FileLookup.notFound("not generated: " + name.path()));
        };
    }

    /** The first source that finds the file; a refusal stops the search. */
    static FileSource firstOf(List<FileSource> sources) {
        List<FileSource> copy = List.copyOf(sources);
        return (client, filename) -> {
            FileLookup last = FileLookup.notFound("no source");
            for (FileSource source : copy) {
                last = source.open(client, filename);
                if (!(last instanceof FileLookup.NotFound)) {
                    return last;
                }
            }
            return last;
        };
    }

    /** Makes a file for one client. */
    @FunctionalInterface
    interface Generator {
        /** The file's bytes, or empty for "not found". */
        Optional<byte[]> generate(InetSocketAddress client, String path) throws IOException;
    }
}
