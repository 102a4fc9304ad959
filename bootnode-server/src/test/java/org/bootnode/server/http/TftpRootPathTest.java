package org.bootnode.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TftpRootPathTest {
    @TempDir Path dir;
    Path root;

    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectories(dir.resolve("tftp"));
        Files.writeString(root.resolve("ipxe.efi"), "efi");
        Files.createDirectories(root.resolve("efi"));
        Files.writeString(root.resolve("efi/snponly.efi"), "snp");
        Files.writeString(dir.resolve("outside"), "no");
        Files.createSymbolicLink(root.resolve("escape"), dir.resolve("outside"));
        Files.createSymbolicLink(root.resolve("escape-dir"), dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipxe.efi", "efi/snponly.efi", "ipxe%2Eefi", "%69pxe.efi"})
    void filesInsideAreFound(String raw) {
        assertInstanceOf(TftpRootPath.Found.class, TftpRootPath.resolve(root, raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../outside", "%2e%2e/outside", "%2E%2e/outside", ".%2e/outside", "efi/../../outside",
        "..%2foutside", "efi%2f..%2f..%2foutside", "%5c..%5coutside", "..\\outside", "/etc/passwd", "%2fetc/passwd",
        "", "efi/", "efi", "./ipxe.efi", "efi//snponly.efi", "ipxe.efi%00", "nothing", "%c0%ae%c0%ae/outside",
        "escape-dir/outside", "%zz", "%", "%e"})
    void everyOtherFormIsRefused(String raw) {
        assertInstanceOf(TftpRootPath.Refused.class, TftpRootPath.resolve(root, raw));
    }

    @Test
    void aSymlinkOutOfTheRootIsForbidden() {
        TftpRootPath.Result r = TftpRootPath.resolve(root, "escape");
        assertEquals(403, ((TftpRootPath.Refused) r).status());
    }

    @Test
    void percentDecodingIsStrict() {
        assertEquals("a b/é", TftpRootPath.percentDecode("a%20b/%C3%A9"));
        assertThrows(IllegalArgumentException.class, () -> TftpRootPath.percentDecode("%C3"));
        assertThrows(IllegalArgumentException.class, () -> TftpRootPath.percentDecode("%2"));
        assertThrows(IllegalArgumentException.class, () -> TftpRootPath.percentDecode("é"));
    }
}
