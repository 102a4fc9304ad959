package org.bootnode.tftp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way out of the TFTP root, one test each, through the directory source itself. */
class TftpPathsTest {
    static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 4000);

    @TempDir
    Path base;
    Path root;
    FileSource source;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(base.resolve("root"));
        Files.writeString(base.resolve("secret"), "outside");
        Files.createDirectories(root.resolve("boot"));
        Files.writeString(root.resolve("boot/ipxe.efi"), "inside");
        source = FileSource.directory(root);
    }

    private FileLookup open(String name) throws IOException {
        return source.open(CLIENT, name);
    }

    private void assertDenied(String name) throws IOException {
        FileLookup l = open(name);
        assertInstanceOf(FileLookup.Denied.class, l, name + " gave " + l);
    }

    @Test
    void dotDotIsRefused() throws IOException {
        assertDenied("../secret");
        assertDenied("boot/../../secret");
        assertDenied("boot/..");
    }

    @Test
    void dotDotWithBackslashesIsRefused() throws IOException {
        assertDenied("..\\secret");
        assertDenied("boot\\..\\..\\secret");
    }

    @Test
    void absolutePathsAreMappedIntoTheRoot() throws IOException {
        assertInstanceOf(FileLookup.Found.class, open("/boot/ipxe.efi"));
        assertInstanceOf(FileLookup.NotFound.class, open("/etc/passwd"));
        assertDenied("/../secret");
    }

    @Test
    void backslashSeparatorsAreMappedToSlashes() throws IOException {
        assertInstanceOf(FileLookup.Found.class, open("\\boot\\ipxe.efi"));
    }

    @Test
    void nulBytesAreRefused() throws IOException {
        assertDenied("boot/ipxe.efi\0.png");
    }

    @Test
    void percentEscapesAreRefused() throws IOException {
        assertDenied("%2e%2e/secret");
        assertDenied("boot%2fipxe.efi");
        assertDenied("%2E%2E%5Csecret");
    }

    @Test
    void controlCharactersAreRefused() throws IOException {
        assertDenied("boot/\nipxe.efi");
    }

    @Test
    void driveLettersAreRefused() throws IOException {
        assertDenied("C:\\secret");
    }

    @Test
    void symlinkLeavingTheRootIsRefused() throws IOException {
        Files.createSymbolicLink(root.resolve("escape"), base.resolve("secret"));
        assertDenied("escape");
    }

    @Test
    void symlinkedDirectoryLeavingTheRootIsRefused() throws IOException {
        Files.createSymbolicLink(root.resolve("up"), base);
        assertDenied("up/secret");
    }

    @Test
    void symlinkInsideTheRootIsServed() throws IOException {
        Files.createSymbolicLink(root.resolve("ipxe.efi"), root.resolve("boot/ipxe.efi"));
        assertInstanceOf(FileLookup.Found.class, open("ipxe.efi"));
    }

    @Test
    void directoriesAreNeverServed() throws IOException {
        assertDenied("boot");
        assertDenied("/");
        assertDenied(".");
    }

    @Test
    void missingFileIsNotFound() throws IOException {
        assertInstanceOf(FileLookup.NotFound.class, open("boot/none"));
    }

    @Test
    void fifoIsNotServed() throws Exception {
        Path fifo = root.resolve("fifo");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, p.waitFor());
        assertDenied("fifo");
    }

    @Test
    void normaliseCollapsesDotsAndSlashes() {
        assertEquals("boot/ipxe.efi", TftpPaths.normalise("//boot/./ipxe.efi").path());
        assertTrue(TftpPaths.normalise("a/../b").refused());
        assertEquals("100%", TftpPaths.normalise("100%").path());
    }
}
