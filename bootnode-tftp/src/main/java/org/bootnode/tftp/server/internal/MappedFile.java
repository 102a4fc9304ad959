package org.bootnode.tftp.server.internal;

import java.nio.ByteBuffer;

/**
 * A file whose bytes the server may send straight from the page cache, without copying them
 * into a buffer of its own first: the kernel then copies each block once, from the page cache
 * into the datagram.
 */
public interface MappedFile {
    /**
     * The bytes at {@code position} as a read-only direct buffer over the file's pages when they
     * are in the page cache now, else null. The buffer is valid until the file is closed.
     */
    ByteBuffer resident(long position, int length);
}
