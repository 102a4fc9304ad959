package org.bootnode.tftp.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Random;
import org.bootnode.tftp.server.internal.fastpath.MappingCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files on disk: page-cache checks, mapped slices, and mappings shared only by the same file. */
class ChannelFileTest {
    static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 5000);

    @TempDir
    Path root;

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private TftpFile open(FileSource source, String name) throws Exception {
        return ((FileLookup.Found) source.open(CLIENT, name)).file();
    }

    @Test
    void aFileJustWrittenIsCachedAndItsSlicesHoldItsBytes() throws Exception {
        byte[] want = new byte[300_000];
        new Random(1).nextBytes(want);
        Files.write(root.resolve("f"), want);
        try (TftpFile f = open(FileSource.directory(root), "f")) {
            assertTrue(f.cached(0, want.length));
            ByteBuffer slice = ((ChannelFile) f).resident(65_464, 65_464);
            assertArrayEquals(Arrays.copyOfRange(want, 65_464, 2 * 65_464), bytes(slice));
            assertEquals(0, ((ChannelFile) f).resident(want.length, 0).remaining());
        }
    }

    @Test
    void rangesPastTheEndAreNeverResident() throws Exception {
        Files.write(root.resolve("f"), new byte[1000]);
        try (TftpFile f = open(FileSource.directory(root), "f")) {
            assertNull(((ChannelFile) f).resident(900, 200));
            assertEquals(false, f.cached(-1, 10));
        }
    }

    @Test
    void aFileReplacedByRenameGetsItsOwnMappingNotTheOldOne() throws Exception {
        FileSource source = FileSource.directory(root);
        Files.writeString(root.resolve("boot.ipxe"), "old contents", StandardCharsets.US_ASCII);
        try (TftpFile before = open(source, "boot.ipxe")) {
            assertEquals("old contents", new String(bytes(((ChannelFile) before).resident(0, 12)), StandardCharsets.US_ASCII));
            Path next = root.resolve("boot.ipxe.new");
            Files.writeString(next, "new contents", StandardCharsets.US_ASCII);
            Files.move(next, root.resolve("boot.ipxe"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (TftpFile after = open(source, "boot.ipxe")) {
                assertEquals("new contents", new String(bytes(((ChannelFile) after).resident(0, 12)), StandardCharsets.US_ASCII));
                // The transfer that opened the old file still sends the old file, whole.
                assertEquals("old contents", new String(bytes(((ChannelFile) before).resident(0, 12)), StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    void transfersOfOneFileShareOneMappingAndEvictionWaitsForTheLastUser() throws Exception {
        FileSource source = FileSource.directory(root);
        Files.write(root.resolve("hot"), new byte[8192]);
        try (TftpFile a = open(source, "hot"); TftpFile b = open(source, "hot")) {
            ByteBuffer sa = ((ChannelFile) a).resident(0, 8192);
            ByteBuffer sb = ((ChannelFile) b).resident(0, 8192);
            assertTrue(sa.isDirect() && sb.isDirect());
            // Push "hot" out of the cache while both transfers still use it.
            for (int i = 0; i <= MappingCache.MAX_FILES; i++) {
                Files.write(root.resolve("cold" + i), new byte[] {(byte) i});
                try (TftpFile c = open(source, "cold" + i)) {
                    assertEquals(1, ((ChannelFile) c).resident(0, 1).remaining());
                }
            }
            assertEquals(8192, bytes(((ChannelFile) b).resident(0, 8192)).length);
        }
    }

    /** Issue 21: shared packets must never mix a file's old and new bytes in one transfer. */
    @Test
    void aFileWrittenInPlaceIsSeenAsChangedAndOpensAsAnotherIdentity() throws Exception {
        Path file = root.resolve("f");
        Files.write(file, new byte[1000]);
        FileSource source = FileSource.directory(root);
        try (TftpFile f = open(source, "f")) {
            ChannelFile c = (ChannelFile) f;
            c.checkUnchanged();
            Files.write(file, new byte[1000]);
            Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5000));
            IOException e = assertThrows(IOException.class, c::checkUnchanged);
            assertEquals("file changed while being served", e.getMessage());
            try (TftpFile after = open(source, "f")) {
                assertNotEquals(c.identity(), ((ChannelFile) after).identity());
                ((ChannelFile) after).checkUnchanged();
            }
        }
    }

    @Test
    void aFileReplacedOrDeletedKeepsItsBytesAndIsNotChanged() throws Exception {
        Path file = root.resolve("f");
        Files.write(file, new byte[1000]);
        FileSource source = FileSource.directory(root);
        try (TftpFile f = open(source, "f")) {
            Path next = root.resolve("f.new");
            Files.write(next, new byte[2000]);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            ((ChannelFile) f).checkUnchanged();
            Files.delete(file);
            ((ChannelFile) f).checkUnchanged();
        }
    }

    /** Issue 21: a storm's transfers of one file hold one descriptor, not one each. */
    @Test
    void transfersOfOneFileShareOneOpenChannelClosedByTheLast() throws Exception {
        DirectorySource source = new DirectorySource(root);
        Files.write(root.resolve("f"), new byte[3000]);
        TftpFile a = open(source, "f");
        TftpFile b = open(source, "f");
        assertEquals(1, source.openFiles());
        ByteBuffer dst = ByteBuffer.allocate(10);
        a.close();
        a.close();
        assertEquals(10, b.read(dst, 100), "still open for the other transfer");
        b.close();
        assertEquals(0, source.openFiles());
        // Changed: another identity, its own channel.
        try (TftpFile c = open(source, "f")) {
            Files.write(root.resolve("f"), new byte[3001]);
            try (TftpFile d = open(source, "f")) {
                assertEquals(2, source.openFiles());
                assertEquals(3001, d.size());
                assertEquals(3000, c.size());
            }
        }
        assertEquals(0, source.openFiles());
    }
}
