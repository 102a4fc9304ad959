package org.bootnode.tftp.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.bootnode.tftp.server.internal.SharedFile;

/**
 * A file being served: a known size and positional reads, so several transfers can read one
 * file at different offsets at once. Closed when its transfer ends.
 */
public interface TftpFile extends AutoCloseable {
    /** Size in bytes (sent as {@code tsize}). */
    long size();

    /**
     * Reads up to {@code dst.remaining()} bytes at {@code position}; returns bytes read, -1 at the
     * end. May block when {@link #inMemory()} is false: the server then calls it off the event loop.
     */
    int read(ByteBuffer dst, long position) throws IOException;

    /** True when reads never block (the server then reads on the event loop). */
    default boolean inMemory() {
        return false;
    }

    /**
     * True when reading {@code length} bytes at {@code position} cannot wait for a disk right
     * now: the file is in memory or those bytes are in the page cache. The server then reads
     * them on the event loop instead of handing the read to its file threads and back. A
     * cheap, conservative answer is fine (the default is {@link #inMemory()}).
     */
    default boolean cached(long position, long length) {
        return inMemory();
    }

    @Override
    default void close() throws IOException {}

    /** A file held in memory (not copied: do not change the array afterwards). */
    static TftpFile of(byte[] bytes) {
        return new MemoryFile(bytes, false);
    }

    /** A file read with positional reads from an open channel, closed with the transfer. */
    static TftpFile of(FileChannel channel) throws IOException {
        return new ChannelFile(channel);
    }
}

/**
 * Bytes in memory; {@code shared}: the same array for every transfer of this file (a memory
 * source's), whose DATA packets transfers may then share.
 */
record MemoryFile(byte[] bytes, boolean shared) implements TftpFile, SharedFile {
    @Override
    public Object identity() {
        // The array itself: a record's equals compares arrays by identity.
        return shared ? new Identity(bytes) : null;
    }

    /** Equal for the same array. */
    private record Identity(byte[] bytes) {}

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public int read(ByteBuffer dst, long position) {
        if (position >= bytes.length) {
            return -1;
        }
        int n = (int) Math.min(dst.remaining(), bytes.length - position);
        dst.put(bytes, (int) position, n);
        return n;
    }

    @Override
    public boolean inMemory() {
        return true;
    }
}
