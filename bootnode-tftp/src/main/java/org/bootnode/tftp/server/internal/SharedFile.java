package org.bootnode.tftp.server.internal;

import java.io.IOException;

/**
 * A file whose bytes are the same for every transfer that opened it under the same
 * {@link #identity()}, so that those transfers may share its DATA packets ({@link ChunkCache}).
 */
public interface SharedFile {
    /**
     * What makes two opens the same bytes (for a file on disk its device, inode, size and
     * modification time, taken around the open), or null when nothing does: the file is then
     * read per transfer.
     */
    Object identity();

    /**
     * Throws when the file was changed in place since it was opened, so that bytes read since
     * may mix old and new; called after each read of a run of blocks. A file replaced by another
     * (renamed over, deleted) is not changed: an open file keeps the old bytes. May block (a
     * stat): never called on an event loop.
     */
    default void checkUnchanged() throws IOException {}
}
