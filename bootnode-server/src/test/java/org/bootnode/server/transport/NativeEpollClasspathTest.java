package org.bootnode.server.transport;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The server's runtime classpath, which the shaded jar is made from, carries Netty's native
 * epoll library for x86-64 and for arm64 head nodes. {@code PackagedJarIT} checks the jar itself.
 */
class NativeEpollClasspathTest {
    @Test
    void epollLibrariesForX8664AndAarch64AreOnTheClasspath() throws IOException {
        ClassLoader loader = NativeEpollClasspathTest.class.getClassLoader();
        for (Map.Entry<String, Integer> lib : NativeEpollLibraries.EXPECTED.entrySet()) {
            NativeEpollLibraries.check(lib.getKey(), loader.getResourceAsStream(lib.getKey()), lib.getValue());
        }
    }
}
