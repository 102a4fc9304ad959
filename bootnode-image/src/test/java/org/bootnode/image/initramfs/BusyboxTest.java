package org.bootnode.image.initramfs;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bootnode.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BusyboxTest {
    @TempDir Path tmp;

    @Test
    void aStaticBusyboxIsAcceptedWithItsApplets() throws Exception {
        Path busybox = Tools.requireFile(Path.of("/bin/busybox"), "busybox-static");
        Busybox b = Busybox.load(busybox);
        assertTrue(b.applets().contains("bin/sh"), b.applets().toString());
        assertTrue(b.applets().contains("sbin/switch_root"), b.applets().toString());
    }

    @Test
    void aDynamicExecutableIsRefused() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ImageBuildException e = assertThrows(ImageBuildException.class, () -> Busybox.load(java));
        assertTrue(e.getMessage().contains("dynamically linked"), e.getMessage());
    }

    @Test
    void aTextFileIsRefused() throws Exception {
        Path text = Files.writeString(tmp.resolve("busybox"), "#!/bin/sh\n".repeat(20));
        ImageBuildException e = assertThrows(ImageBuildException.class, () -> Busybox.load(text));
        assertTrue(e.getMessage().endsWith("busybox is not an ELF executable"), e.getMessage());
    }
}
