package org.bootnode.server.transport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The packaged {@code bootnode.jar} (failsafe runs after {@code package}) carries Netty's native
 * epoll library for x86-64 and for aarch64, so that {@code serve} runs on either head node.
 */
class PackagedJarIT {
    @Test
    void jarCarriesEpollForX8664AndAarch64() throws IOException {
        String dir = System.getenv("BOOTNODE_PROJECT_DIR");
        Path jar = (dir == null ? Path.of("..") : Path.of(dir)).toAbsolutePath().normalize()
                .resolve("bootnode-server/target/bootnode.jar");
        assertTrue(Files.isRegularFile(jar), "no " + jar + ": this test runs after `package`");
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Map.Entry<String, Integer> lib : NativeEpollLibraries.EXPECTED.entrySet()) {
                ZipEntry entry = file.getEntry(lib.getKey());
                NativeEpollLibraries.check(lib.getKey(), entry == null ? null : file.getInputStream(entry), lib.getValue());
            }
        }
    }
}
