package org.bootnode.tftp.server;

import java.util.Objects;

/** What a {@link FileSource} found for a name: a file, nothing, or a refusal. */
public sealed interface FileLookup permits FileLookup.Found, FileLookup.NotFound, FileLookup.Denied {
    /** The file to send. */
    record Found(TftpFile file) implements FileLookup {
        /** Checks the file. */
        public Found {
            Objects.requireNonNull(file, "file");
        }
    }

    /** No such file: ERROR 1. */
    record NotFound(String reason) implements FileLookup {}

    /** Refused (outside the root, a directory, unreadable): ERROR 2. */
    record Denied(String reason) implements FileLookup {}

    /** A found file. */
    static FileLookup found(TftpFile file) {
        return new Found(file);
    }

    /** Not found, with why. */
    static FileLookup notFound(String reason) {
        return new NotFound(reason);
    }

    /** Refused, with why. */
    static FileLookup denied(String reason) {
        return new Denied(reason);
    }
}
